// Runs before any script of the page, in every frame: a payload that gets to run script
// almost always calls one of these, and a blocked one fires a policy violation.
(() => {
  const report = (what) => console.error("hostile-hook: " + what);
  for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
    window[name] = (...args) => report(name + "(" + args.join(", ") + ")");
  }
  document.addEventListener("securitypolicyviolation",
    (event) => console.error("hostile-csp: " + event.violatedDirective + " " + event.blockedURI), true);
})();
