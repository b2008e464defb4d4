// Forms on cached public pages carry no CSRF token (core/public_cache): the page is the same
// for every visitor. Just before such a form is sent, fetch a token of one's own and put it in.
// Without this script (or if the fetch fails) the server shows the form again with a token.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var url = form.getAttribute("data-csrf-url");
    var field = form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (!url || !field || field.value || form.getAttribute("data-csrf-sent")) return;
    event.preventDefault();
    form.setAttribute("data-csrf-sent", "1");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) {
        if (!answer.ok) throw new Error(String(answer.status));
        return answer.json();
      })
      .then(function (data) {
        field.value = data.token;
      })
      .catch(function () {})
      .then(function () {
        form.submit();
      });
  });
})();
