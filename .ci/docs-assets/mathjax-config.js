// MathJax 2, from the jupyter-server-mathjax package, copied into the site: no request leaves it.
window.MathJax = {
  config: ["TeX-AMS-MML_HTMLorMML-full.js"],
  tex2jax: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"], ["$$", "$$"]],
             processEscapes: false, processEnvironments: true, ignoreClass: ".*", processClass: "arithmatex" },
  // STIX-Web is the web font the package ships; MathJax's blank test font would be fetched from about:blank, which
  // a browser reports as a failed request: a local() font that does not exist measures the same and fetches nothing
  "HTML-CSS": { availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null,
                styles: { "@font-face": { "font-family": "MathJax_Blank", src: "local('MathJax_Blank')" } } },
  MathMenu: { showFontMenu: false, showRenderer: false, showLocale: false },
  menuSettings: { zoom: "None", assistiveMML: false },
  messageStyle: "none",
  showMathMenu: false,
  "fast-preview": { disabled: true },
  AssistiveMML: { disabled: true },
  skipStartupTypeset: false
};
