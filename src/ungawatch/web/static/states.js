// Fills the "compare with" suggestions of the state page from this server's state list.
(function () {
  "use strict";
  var list = document.getElementById("state-names");
  if (!list) { return; }
  fetch("/api/v1/states?limit=1000")
    .then(function (response) { return response.ok ? response.json() : { items: [] }; })
    .then(function (page) {
      page.items.forEach(function (state) {
        var option = document.createElement("option");
        option.value = state.code;
        option.textContent = state.name;
        list.appendChild(option);
      });
    });
}());
