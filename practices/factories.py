"""Factories for tests: organisations, practices and the people who write and review them.

    organisation = OrganisationPageFactory(title="Arbeit Plus")  # live, with its partner group
    practice = PracticePageFactory(organisation=organisation)     # live
    draft = PracticePageFactory(organisation=organisation, live=False)
    partner = PartnerUserFactory(organisation=organisation)       # in the partner group
    editor = SecretariatUserFactory()                              # in "Secretariat"

Every user has the password `PASSWORD` and an email address, so workflow emails reach them.
"""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify

from practices.models import OrganisationPage, PracticePage
from practices.organisations import create_organisation
from practices.permissions import SECRETARIAT_GROUP

PASSWORD = "correct horse battery staple"


class OrganisationPageFactory(factory.django.DjangoModelFactory):
    """A live organisation under the practice index, with its partner group and collection."""

    title = factory.Sequence(lambda n: f"Organisation {n}")
    country = "BE"

    class Meta:
        model = OrganisationPage

    @classmethod
    def _create(cls, model_class, title, **fields):
        return create_organisation(title, **fields)


class PracticePageFactory(factory.django.DjangoModelFactory):
    """A practice under `organisation` (a new one if not given); `live=False` leaves a draft.

    `themes`, `target_groups` and the page's other many-to-many fields (tags and vocabulary
    terms, read from the model, so a new classification needs nothing here) take lists.
    """

    title = factory.Sequence(lambda n: f"Practice {n}")
    slug = factory.LazyAttribute(lambda practice: slugify(practice.title))
    summary = "Job coaching for long-term unemployed adults."
    organisation = factory.SubFactory(OrganisationPageFactory)
    live = True

    class Meta:
        model = PracticePage

    @classmethod
    def _create(cls, model_class, organisation, live, **fields):
        many_to_many = [field.name for field in model_class._meta.get_fields()
                        if field.many_to_many and field.concrete]
        relations = {name: fields.pop(name) for name in many_to_many if name in fields}
        practice = model_class(live=False, **fields)
        for name, terms in relations.items():
            getattr(practice, name).set(terms)
        organisation.add_child(instance=practice)
        revision = practice.save_revision()
        if live:
            revision.publish()
            practice.refresh_from_db()
        return practice


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True


class PartnerUserFactory(UserFactory):
    """A member of `organisation`'s partner group (a new organisation if not given)."""

    organisation = factory.SubFactory(OrganisationPageFactory)

    @classmethod
    def _create(cls, model_class, *args, organisation, **fields):
        user = super()._create(model_class, *args, **fields)
        user.groups.add(organisation.partner_group)
        return user


class SecretariatUserFactory(UserFactory):
    """An editor of the network's secretariat: reviews, publishes, edits vocabularies."""

    @factory.post_generation
    def secretariat_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
