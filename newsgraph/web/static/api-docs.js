// The API documentation page: Swagger UI (vendored in static/vendor/swagger-ui) over our OpenAPI description.
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: root.dataset.spec, domNode: root, deepLinking: true, tryItOutEnabled: true });
});
