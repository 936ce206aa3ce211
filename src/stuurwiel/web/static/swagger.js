/*
 * The API docs page: Swagger UI on <div id="swagger-ui" data-spec="/api/openapi.json">, from the vendored
 * swagger-ui-dist (swagger-ui-bundle.js before this script, swagger-ui.css in the page). No inline
 * script, and no validator badge (it would call validator.swagger.io).
 */
(function () {
  "use strict";

  function start() {
    const doel = document.getElementById("swagger-ui");
    SwaggerUIBundle({
      url: doel.dataset.spec,
      domNode: doel,
      presets: [SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      validatorUrl: null,
      defaultModelsExpandDepth: -1,  // no "Schemas" section: the operations show their models
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
