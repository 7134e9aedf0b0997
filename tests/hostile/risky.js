// The live DOM's risky things, described as tests/hostile/scan.py describes them in the
// served HTML: what the browser's own parser made of the page (and of search results).
() => {
  const risky = new Set(["script", "base", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
    "style", "link", "meta", "portal", "template", "noscript", "math", "animate", "set", "use", "foreignobject"]);
  const urlAttributes = new Set(["href", "src", "action", "formaction", "data", "poster", "background", "cite",
    "longdesc", "codebase", "xlink:href", "ping", "srcset", "manifest", "lowsrc", "dynsrc", "icon", "profile",
    "archive", "classid", "usemap", "itemtype", "values", "to", "from", "by"]);
  const keys = ["src", "href", "type", "rel", "name", "property", "http-equiv", "charset", "id"];
  const unsafe = (value) => {
    const cleaned = value.replace(/[\t\n\r]/g, "").replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, "").replace(/\\/g, "/");
    if (cleaned.startsWith("//")) { return true; }
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.\-]*):/.exec(cleaned);
    return scheme !== null && !["http", "https", "mailto"].includes(scheme[1].toLowerCase());
  };
  const urls = (name, value) => {
    if (name === "srcset") { return value.split(",").map((part) => part.trim().split(/\s+/)[0]); }
    return name === "values" ? value.split(";") : [value];
  };
  const found = new Set();
  for (const element of document.querySelectorAll("*")) {
    const tag = element.localName.toLowerCase();
    if (risky.has(tag)) {
      found.add("<" + tag + " " + keys.filter((k) => element.hasAttribute(k))
        .map((k) => k + "=" + element.getAttribute(k)).join(" ") + ">");
    }
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on") || name === "srcdoc" || name === "style") { found.add("<" + tag + " " + name + "=…>"); }
      if (urlAttributes.has(name) && urls(name, attribute.value).some(unsafe)) {
        found.add("<" + tag + " " + name + "=" + attribute.value + ">");
      }
    }
  }
  return [...found].sort();
}
