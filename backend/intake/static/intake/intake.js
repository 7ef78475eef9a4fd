/* Förderlotse public pages: small enhancements; everything works without this script. */
(function () {
  "use strict";

  // After a failed submit, move focus to the summary of problems so it is read out first.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // A second click while the first submit is on its way does nothing (the server is
  // idempotent as well). Reset when the page comes back from the back/forward cache.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) { event.preventDefault(); return; }
      form.dataset.sending = "1";
    });
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form").forEach(function (form) { delete form.dataset.sending; });
  });

  // Live list of similar offerings while typing (the review step shows it without script).
  var form = document.querySelector("form[data-similar-url]");
  var panel = document.getElementById("similar-live");
  var results = document.getElementById("similar-live-results");
  var status = document.getElementById("similar-live-status");
  if (!form || !panel || !results || !window.fetch) { return; }
  var fields = ["title", "challenge", "affected", "intended_result", "first_ideas", "quarter",
    "target_groups", "topics"];
  var timer = null;
  var controller = null;
  var last = "";
  panel.hidden = false;

  function query() {
    var data = new FormData(form);
    var params = new URLSearchParams();
    fields.forEach(function (name) {
      data.getAll(name).forEach(function (value) { params.append(name, value); });
    });
    return params.toString();
  }

  function update() {
    if (!form.elements.title || !form.elements.title.value.trim()) { return; }
    var params = query();
    if (params === last) { return; }
    last = params;
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    panel.setAttribute("aria-busy", "true");
    fetch(form.dataset.similarUrl + "?" + params, {
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    }).then(function (response) { return response.text(); })
      .then(function (html) {
        results.innerHTML = html;
        var count = results.querySelector(".similar-count") || results.querySelector("p");
        if (status) { status.textContent = count ? count.textContent : ""; }
      })
      .catch(function () { /* offline or aborted: the review step still shows everything */ })
      .then(function () { panel.removeAttribute("aria-busy"); });
  }

  form.addEventListener("input", function (event) {
    if (fields.indexOf(event.target.name) === -1) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 700);
  });
  form.addEventListener("change", function (event) {
    if (fields.indexOf(event.target.name) === -1) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 300);
  });
  update();
}());

/* Character counters: every text field with a limit says how much of it is used, and when a
   text is too long (the browser no longer cuts it off; the server explains the limit). */
(function () {
  "use strict";
  document.querySelectorAll("[data-maxlength]").forEach(function (input) {
    var counter = document.getElementById(input.id + "-count");
    if (!counter || !counter.dataset.template) { return; }
    var limit = parseInt(input.dataset.maxlength, 10);
    function show() {
      // As the server counts: line breaks arrive as CRLF, characters are code points.
      var used = Array.from(input.value.replace(/\r?\n/g, "\r\n")).length;
      var text = counter.dataset.template.replace("{count}", String(used));
      counter.textContent = used > limit ? text + " – " + counter.dataset.over : text;
      counter.classList.toggle("over", used > limit);
    }
    input.addEventListener("input", show);
    if (input.value) { show(); }
  });
})();

/* Financing plan on the status page: a running total of the costs and of the financing, and
   what is still missing, while the association types (the server checks the same on saving). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-plan-form]");
  var output = form && form.querySelector("[data-plan-sum]");
  if (!output) { return; }
  var money = new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" });

  // German notation as the form accepts it: 1.200,50 or 1200,50 or 1200.
  function amount(input) {
    var text = (input && input.value || "").trim().replace(/\s|€/g, "");
    if (text.indexOf(",") >= 0) {
      text = text.replace(/\./g, "").replace(",", ".");
    } else if (/^\d{1,3}(\.\d{3})+$/.test(text)) {
      text = text.replace(/\./g, "");
    }
    var value = Number(text);
    return text && isFinite(value) ? value : 0;
  }

  function show() {
    var cost = 0;
    form.querySelectorAll("[name$='-amount']").forEach(function (input) { cost += amount(input); });
    var income = ["own_share", "third_party", "requested_amount"].reduce(function (sum, name) {
      return sum + amount(form.querySelector("[name='" + name + "']"));
    }, 0);
    var gap = Math.round((cost - income) * 100) / 100;
    var d = output.dataset;
    var text = d.costLabel + ": " + money.format(cost) + ". " + d.incomeLabel + ": " +
      money.format(income) + ". ";
    if (gap > 0) {
      text += d.gapLabel + ": " + money.format(gap) + ".";
    } else if (gap < 0) {
      text += d.overLabel + " " + money.format(-gap) + ".";
    } else {
      text += d.balancedLabel;
    }
    output.textContent = text;
  }

  form.addEventListener("input", show);
  show();
})();
