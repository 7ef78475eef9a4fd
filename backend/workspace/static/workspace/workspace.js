/* Coordinators' workspace: small progressive enhancements; every page works without them. */
(function () {
  "use strict";

  // After a refused post, move focus (and the screen reader) to the explanation.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) {
    summary.focus();
  }

  // Financing plan: add cost lines without a round trip, and show whether the plan balances.
  var planForm = document.querySelector("[data-plan-form]");
  if (!planForm) {
    return;
  }
  var addButton = planForm.querySelector("[data-add-line]");
  var template = planForm.querySelector("[data-line-template]");
  var lines = planForm.querySelector("[data-lines]");
  var total = planForm.querySelector("#id_lines-TOTAL_FORMS, [name='lines-TOTAL_FORMS']");
  if (addButton && template && lines && total) {
    addButton.hidden = false;
    addButton.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      lines.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var input = lines.lastElementChild.querySelector("input");
      if (input) {
        input.focus();
      }
      showSum();
    });
  }

  function amount(input) {
    var value = parseFloat((input && input.value || "").replace(",", "."));
    return isNaN(value) ? 0 : value;
  }

  var format = new Intl.NumberFormat(document.documentElement.lang || "de", {
    style: "currency",
    currency: "EUR",
  });
  var output = planForm.querySelector("[data-plan-sum]");

  function showSum() {
    if (!output) {
      return;
    }
    var cost = 0;
    planForm.querySelectorAll("[name$='-amount']").forEach(function (input) {
      var remove = planForm.querySelector("[name='" + input.name.replace(/amount$/, "DELETE") + "']");
      if (!remove || !remove.checked) {
        cost += amount(input);
      }
    });
    var income = ["own_share", "third_party", "requested_amount"].reduce(function (sum, name) {
      return sum + amount(planForm.querySelector("[name='" + name + "']"));
    }, 0);
    var gap = Math.round((cost - income) * 100) / 100;
    output.textContent =
      (output.dataset.costLabel || "Gesamtkosten") + ": " + format.format(cost) + " · " +
      (output.dataset.incomeLabel || "Finanzierung") + ": " + format.format(income) +
      (gap === 0 ? " ✓" : " · " + (output.dataset.gapLabel || "Differenz") + ": " + format.format(gap));
  }

  planForm.addEventListener("input", showSum);
  planForm.addEventListener("change", showSum);
  showSum();
})();
