/* The report form, made lighter (no build step; loaded as a file, never inline, for the CSP):
   - the employee is found by typing part of a name, personnel number or department;
   - only the provisions of the chosen kind of communication are shown (a ticked one stays).
   Without this script the form works as before: every employee and every provision is listed. */
(function () {
  "use strict";

  function employeeSearch() {
    var select = document.getElementById("id_employee");
    if (!select) { return; }
    var label = document.createElement("label");
    label.htmlFor = "employee-search";
    label.textContent = select.dataset.searchLabel || "Search";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "employee-search";
    input.autocomplete = "off";
    label.appendChild(input);
    select.parentNode.insertBefore(label, select.previousElementSibling || select);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var text = option.textContent.toLowerCase();
        var match = !option.value || words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !match;
        if (match && option.value && first === null) { first = option; }
      });
      if (first && words.length) { select.value = first.value; }
    });
  }

  function provisionFilter() {
    var communication = document.getElementById("id_communication");
    var boxes = document.querySelectorAll("input[data-applies]");
    if (!communication || !boxes.length) { return; }
    function filter() {
      var kind = communication.value;
      Array.prototype.forEach.call(boxes, function (box) {
        var applies = box.dataset.applies;
        var show = !kind || applies === "both" || applies === kind || box.checked;
        box.closest("label").parentElement.hidden = !show;
      });
    }
    communication.addEventListener("change", filter);
    filter();
  }

  employeeSearch();
  provisionFilter();
}());
