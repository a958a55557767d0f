"""The pages people open (issue 12): server-rendered HTML over the same journal functions as
the JSON API. A page only gathers what it shows (``web.pages.views``) and renders it; every
change it makes goes through ``/api/v1`` with the page's CSRF token, sent by htmx."""
