"""The vocabularies the network starts with: (slug, {language: label}), in display order.

Read by the data migration that seeds them; editors extend them afterwards in the admin.
"""

THEMES = [
    ("integration", {"en": "Social and professional integration", "fr": "Insertion sociale et professionnelle", "de": "Soziale und berufliche Integration", "it": "Inserimento sociale e lavorativo", "es": "Inserción social y laboral"}),
    ("disability", {"en": "Disability", "fr": "Handicap", "de": "Behinderung", "it": "Disabilità", "es": "Discapacidad"}),
    ("equal-opportunities", {"en": "Equal opportunities", "fr": "Égalité des chances", "de": "Chancengleichheit", "it": "Pari opportunità", "es": "Igualdad de oportunidades"}),
    ("lifelong-learning", {"en": "Training and lifelong learning", "fr": "Formation tout au long de la vie", "de": "Lebenslanges Lernen", "it": "Formazione permanente", "es": "Aprendizaje permanente"}),
    ("sustainability", {"en": "Sustainable development", "fr": "Développement durable", "de": "Nachhaltige Entwicklung", "it": "Sviluppo sostenibile", "es": "Desarrollo sostenible"}),
    ("european-integration", {"en": "European integration", "fr": "Construction européenne", "de": "Europäische Integration", "it": "Integrazione europea", "es": "Integración europea"}),
    ("social-economy", {"en": "Social economy", "fr": "Économie sociale et solidaire", "de": "Sozialwirtschaft", "it": "Economia sociale", "es": "Economía social"}),
    ("international-solidarity", {"en": "International solidarity", "fr": "Solidarité internationale", "de": "Internationale Solidarität", "it": "Solidarietà internazionale", "es": "Solidaridad internacional"}),
    ("well-being", {"en": "Well-being", "fr": "Bien-être", "de": "Wohlbefinden", "it": "Benessere", "es": "Bienestar"}),
]

TARGET_GROUPS = [
    ("young-people", {"en": "Young people", "fr": "Jeunes", "de": "Junge Menschen", "it": "Giovani", "es": "Jóvenes"}),
    ("low-skilled-adults", {"en": "Low-skilled adults", "fr": "Adultes peu qualifiés", "de": "Geringqualifizierte Erwachsene", "it": "Adulti poco qualificati", "es": "Adultos poco cualificados"}),
    ("long-term-unemployed", {"en": "Long-term unemployed", "fr": "Chômeurs de longue durée", "de": "Langzeitarbeitslose", "it": "Disoccupati di lunga durata", "es": "Parados de larga duración"}),
    ("people-with-disabilities", {"en": "People with disabilities", "fr": "Personnes handicapées", "de": "Menschen mit Behinderungen", "it": "Persone con disabilità", "es": "Personas con discapacidad"}),
    ("migrants-and-refugees", {"en": "Migrants and refugees", "fr": "Migrants et réfugiés", "de": "Migranten und Geflüchtete", "it": "Migranti e rifugiati", "es": "Migrantes y refugiados"}),
    ("women", {"en": "Women", "fr": "Femmes", "de": "Frauen", "it": "Donne", "es": "Mujeres"}),
    ("older-workers", {"en": "Older workers", "fr": "Travailleurs âgés", "de": "Ältere Arbeitnehmende", "it": "Lavoratori anziani", "es": "Trabajadores mayores"}),
    ("roma", {"en": "Roma", "fr": "Roms", "de": "Roma", "it": "Rom", "es": "Gitanos"}),
    ("people-experiencing-homelessness", {"en": "People experiencing homelessness", "fr": "Personnes sans domicile", "de": "Wohnungslose Menschen", "it": "Persone senza dimora", "es": "Personas sin hogar"}),
    ("ex-offenders", {"en": "Ex-offenders", "fr": "Anciens détenus", "de": "Haftentlassene", "it": "Ex detenuti", "es": "Exreclusos"}),
]

PATHWAY_STAGES = [
    ("resocialisation", {"en": "Resocialisation", "fr": "Resocialisation", "de": "Resozialisierung", "it": "Risocializzazione", "es": "Resocialización"}),
    ("training", {"en": "Training", "fr": "Formation", "de": "Ausbildung", "it": "Formazione", "es": "Formación"}),
    ("support", {"en": "Support", "fr": "Accompagnement", "de": "Begleitung", "it": "Accompagnamento", "es": "Acompañamiento"}),
    ("job-integration", {"en": "Integration into work", "fr": "Insertion dans l'emploi", "de": "Integration in Arbeit", "it": "Inserimento lavorativo", "es": "Inserción laboral"}),
]

FUNDING_PROGRAMMES = [
    ("esf-plus", {"en": "ESF+", "fr": "FSE+", "de": "ESF+", "it": "FSE+", "es": "FSE+"}),
    ("erasmus-plus", {"en": "Erasmus+", "fr": "Erasmus+", "de": "Erasmus+", "it": "Erasmus+", "es": "Erasmus+"}),
    ("easi", {"en": "EaSI", "fr": "EaSI", "de": "EaSI", "it": "EaSI", "es": "EaSI"}),
    ("interreg", {"en": "Interreg", "fr": "Interreg", "de": "Interreg", "it": "Interreg", "es": "Interreg"}),
    ("horizon-europe", {"en": "Horizon Europe", "fr": "Horizon Europe", "de": "Horizont Europa", "it": "Orizzonte Europa", "es": "Horizonte Europa"}),
    ("national", {"en": "National funding", "fr": "Financement national", "de": "Nationale Förderung", "it": "Finanziamento nazionale", "es": "Financiación nacional"}),
    ("regional", {"en": "Regional funding", "fr": "Financement régional", "de": "Regionale Förderung", "it": "Finanziamento regionale", "es": "Financiación regional"}),
    ("foundation", {"en": "Foundation", "fr": "Fondation", "de": "Stiftung", "it": "Fondazione", "es": "Fundación"}),
    ("self-funded", {"en": "Self-funded", "fr": "Autofinancement", "de": "Eigenmittel", "it": "Autofinanziamento", "es": "Autofinanciación"}),
]
