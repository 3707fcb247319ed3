// Progressive enhancement of the search page: the page works without this file.
// Results update without a full reload (the same URL is fetched and its regions swapped),
// the address stays shareable (pushState) and Back works (popstate); the query box offers
// completions from /api/v1/suggest/ in an accessible listbox; choosing one opens that practice.
(function () {
  "use strict";

  var form = document.querySelector("form.search-form");
  if (!form || !window.fetch || !window.history.pushState) {
    return;
  }
  var REGIONS = ["search-filters", "search-results"];
  var pending = null;

  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (String(value).trim() !== "") {
        params.append(name, value);
      }
    });
    var query = params.toString();
    return form.action + (query ? "?" + query : "");
  }

  function load(url, push) {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var focusedId = document.activeElement && document.activeElement.id;
    form.setAttribute("aria-busy", "true");
    return fetch(url, { signal: pending.signal, headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.text().then(function (html) {
          return { html: html, ok: response.ok };
        });
      })
      .then(function (answer) {
        var next = new DOMParser().parseFromString(answer.html, "text/html");
        if (!answer.ok || !REGIONS.every(function (id) { return next.getElementById(id); })) {
          window.location.assign(url);
          return;
        }
        REGIONS.forEach(function (id) {
          document.getElementById(id).replaceWith(document.adoptNode(next.getElementById(id)));
        });
        document.title = next.title;
        if (push) {
          window.history.pushState({ search: true }, "", url);
        }
        syncLanguageSwitcher();
        var focused = focusedId && document.getElementById(focusedId);
        if (focused) {
          focused.focus();
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          window.location.assign(url);
        }
      })
      .finally(function () {
        form.removeAttribute("aria-busy");
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    closeSuggestions();
    load(formUrl(), true);
  });

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.type === "checkbox" || target.tagName === "SELECT") {
      load(formUrl(), true);
    }
  });

  form.addEventListener("click", function (event) {
    var link = event.target.closest("#search-results a[href^='?']");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    load(link.href, true).then(function () {
      var status = document.getElementById("search-status");
      if (status) {
        status.setAttribute("tabindex", "-1");
        status.focus();
      }
    });
  });

  window.addEventListener("popstate", function () {
    load(window.location.href, false).then(syncQueryBox);
  });

  // The language switcher (outside the swapped regions) was rendered for the address the
  // page was loaded with; it must send the visitor to the view they now see.
  function syncLanguageSwitcher() {
    var next = document.querySelector(".language-switcher input[name='next']");
    if (next) {
      next.value = window.location.pathname + window.location.search;
    }
  }

  function syncQueryBox() {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
  }

  // Completions: a combobox with a listbox popup (WAI-ARIA Authoring Practices).
  var input = document.getElementById("search-q");
  var listbox = document.getElementById("search-suggestions");
  var suggestUrl = form.getAttribute("data-suggest-url");
  var timer = null;
  var active = -1;
  var lastAsked = "";
  var shown = [];

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", listbox.id);
  input.setAttribute("aria-expanded", "false");

  function options() {
    return listbox.querySelectorAll("[role='option']");
  }

  function closeSuggestions() {
    listbox.hidden = true;
    listbox.textContent = "";
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function showSuggestions(items) {
    listbox.textContent = "";
    shown = items;
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = "search-suggestion-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = item.text;
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(item);
      });
      listbox.appendChild(option);
    });
    if (!items.length) {
      closeSuggestions();
      return;
    }
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function highlight(index) {
    var all = options();
    if (!all.length) {
      return;
    }
    active = (index + all.length) % all.length;
    all.forEach(function (option, position) {
      option.setAttribute("aria-selected", position === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", all[active].id);
  }

  // A completion is a practice's title: choosing it opens the practice.
  function choose(item) {
    input.value = item.text;
    closeSuggestions();
    if (item.url) {
      window.location.assign(item.url);
    } else {
      load(formUrl(), true);
    }
  }

  function askSuggestions() {
    var text = input.value.trim();
    if (text.length < 2 || text === lastAsked) {
      if (text.length < 2) {
        closeSuggestions();
      }
      return;
    }
    lastAsked = text;
    var lang = document.documentElement.lang;
    fetch(suggestUrl + "?" + new URLSearchParams({ q: text, lang: lang }).toString())
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (answer) {
        if (input.value.trim() === text) {
          showSuggestions(answer.suggestions || []);
        }
      })
      .catch(closeSuggestions);
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(askSuggestions, 250);
  });

  input.addEventListener("keydown", function (event) {
    var open = !listbox.hidden;
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      highlight(active + 1);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight(active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(shown[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      closeSuggestions();
    }
  });

  input.addEventListener("blur", function () {
    window.setTimeout(closeSuggestions, 150);
    lastAsked = "";
  });
})();
