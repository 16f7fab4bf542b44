// Progressive enhancement for the poll form: a question that depends on an answer on the same
// page is hidden until that answer is chosen. Without this script the question stays visible
// with its note ("Answer this only if you chose …"), and the server ignores it when not asked.
(function () {
  "use strict";

  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (question) {
      var control = document.getElementById(question.getAttribute("data-show-if"));
      question.hidden = Boolean(control) && !control.checked;
    });
  }

  function start() {
    document.querySelectorAll("form.poll-form").forEach(function (form) {
      update(form);
      form.addEventListener("change", function () {
        update(form);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
