/* The job search (jobs/search.html) shows what its URL says. After Back or Forward the browser
   may restore the filters as they were left (its form restoration, or the page kept in the
   back-forward cache), which is not what the results below were found with. Resetting the form
   brings back the values the server rendered from the URL. Loaded by jobs/search.html (no
   inline script: Content-Security-Policy). */
(function () {
  "use strict";
  window.addEventListener("pageshow", function () {
    var form = document.getElementById("job-search");
    if (form) form.reset();
  });
})();
