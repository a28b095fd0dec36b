// Interactive API documentation: Swagger UI (vendored) on this server's OpenAPI document.
// No validator badge (it would ask validator.swagger.io) and no external assets.
(function () {
  "use strict";
  var holder = document.getElementById("swagger-ui");
  if (!holder || !window.SwaggerUIBundle) { return; }
  window.ui = window.SwaggerUIBundle({
    url: holder.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    validatorUrl: null,
    deepLinking: false,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    defaultModelsExpandDepth: 0
  });
}());
