// The demo page at / (built on the widget, with the embed snippet) and the _headers file that
// Workers static assets serve the widget's files with.

/** The demo page's policy: scripts from this origin only, WebAssembly allowed for device mode. */
export const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const SNIPPET = `<script type="module" src="https://YOUR-DEPLOYMENT/widget.js"></script>
<lmi-predict></lmi-predict>`;

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const DEMO_CSS = `body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 52rem; padding: 0 1rem; color: #1d1d1f; }
pre { background: #f4f4f8; padding: .75rem; overflow-x: auto; }
lmi-predict { margin: 1rem 0; }
.switch { margin: .5rem 0; }
`;

export function demoCss(): string {
  return DEMO_CSS;
}

export function demoPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lmi-edge — lncRNA–miRNA interaction prediction</title>
<link rel="stylesheet" href="/widget/demo.css">
<script type="module" src="/widget.js"></script>
<script type="module" src="/widget/demo.js"></script>
</head>
<body>
<h1>lmi-edge</h1>
<p>Score a miRNA against a lncRNA, or screen a lncRNA against a species' miRNAs. The scores come from
this deployment's API (<a href="/v1/docs">documentation</a>); in device mode the default model runs in
this page instead, and no sequence leaves it.</p>
<p class="switch"><label><input type="checkbox" id="device-mode"> Run on this device</label></p>
<lmi-predict></lmi-predict>
<h2>Embed it</h2>
<p>Two lines on any page; style it with CSS custom properties (<code>--lmi-accent</code>,
<code>--lmi-font</code>, …) and <code>::part()</code>. Attributes: <code>mode</code> (<code>server</code> or
<code>device</code>), <code>model</code>, <code>species</code>, <code>pairing</code> (<code>all</code> or
<code>zip</code>), <code>key</code>, <code>api</code>.</p>
<pre><code data-snippet>${escape(SNIPPET)}</code></pre>
</body>
</html>
`;
}

export function headersFile(): string {
  return `/*
  X-Content-Type-Options: nosniff
  Cache-Control: public, max-age=300
/
  Content-Security-Policy: ${DEMO_CSP}
  Referrer-Policy: no-referrer
/index.html
  Content-Security-Policy: ${DEMO_CSP}
  Referrer-Policy: no-referrer
/widget.js
  Access-Control-Allow-Origin: *
/widget/*
  Access-Control-Allow-Origin: *
`;
}
