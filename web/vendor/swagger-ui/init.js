// hireflow: start Swagger UI on the API's own document; calls carry the signed-in
// user's ID token (sessionStorage, set by the sign-in page).
window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  requestInterceptor: (request) => {
    const token = sessionStorage.getItem("hireflow.idToken");
    // A token typed into the Authorize dialog wins over the signed-in one.
    if (token && !request.headers.Authorization) request.headers.Authorization = token;
    return request;
  },
});
