// Decap CMS waits for admin.js, which registers our formats and the quote check before it starts.
window.CMS_MANUAL_INIT = true;
