// Renders charts and loads reports in headless Chromium and reports what a reader would see,
// as JSON, for tests/test_browser.py to judge. Nothing here decides pass or fail.
//
// Input (stdin): {"charts": [{"id", "source", "theme", "mermaid"}], "pages": [{"id", "path", "screenshot"}]}
//   charts: mermaid sources, rendered with mermaid 10, 11 or 12 (default 11; theme "default" or
//           "dark") on a page of the theme's background; pages: HTML files, loaded with every
//           request but the file's own blocked, in light and dark colour schemes and for print,
//           each scheme checked by axe-core (its violations listed, none judged here).
// Output (stdout): {"charts": [...], "pages": [...]}, one entry per input, measured.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const input = [];
for await (const chunk of process.stdin) input.push(chunk);  // readFileSync(0) fails on a large piped input
const job = JSON.parse(Buffer.concat(input).toString('utf8'));
const BACKGROUND = { default: '#ffffff', dark: '#0d1117' };  // a light page, GitHub's dark page
const MERMAID = { 10: 'mermaid-10', 11: 'mermaid', 12: 'mermaid-12' };  // package.json's pinned versions

const browser = await puppeteer.launch({
  executablePath: process.env.AICHOICE_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // No sandbox (CI runs as root); no background traffic on a machine with a closed network.
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run', '--disable-quic', '--font-render-hinting=none'],
});

// Runs in the page: what a drawn SVG shows, grouped the way both mermaid and render/html.py group it.
function measure(svg) {
  const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; };
  const colour = (el, attr) => el.getAttribute(attr) || getComputedStyle(el)[attr] || '';
  const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim())
    .map((t) => ({ text: t.textContent, box: box(t) }));
  const quadrants = [...svg.querySelectorAll('g.quadrant')].map((g) => {
    const rect = g.querySelector('rect');
    return { title: g.querySelector('text')?.textContent || '', fill: colour(rect, 'fill'), box: box(rect) };
  });
  const points = [...svg.querySelectorAll('g.data-point')].map((g) => {
    const c = g.querySelector('circle').getBoundingClientRect();
    const label = g.querySelector('text');
    return { label: label.textContent, x: c.x + c.width / 2, y: c.y + c.height / 2, labelBox: box(label) };
  });
  const legend = [...svg.querySelectorAll('g.legend')].flatMap((g) => {
    const labels = [...g.querySelectorAll('text')].map((t) => t.textContent);
    const marks = [...g.querySelectorAll('rect, path, line')].map((m) =>
      m.tagName === 'rect' ? getComputedStyle(m).fill : colour(m, 'stroke'));
    return labels.map((text, i) => ({ text, colour: marks[i] || '' }));
  });
  const lines = [...svg.querySelectorAll('g[class^="line-plot"] path, g[class^="line-plot"] polyline')]
    .map((p) => colour(p, 'stroke'));
  const slices = [...svg.querySelectorAll('path.pieCircle')].map((p) => colour(p, 'fill'));
  const background = svg.querySelector('rect.background')?.getAttribute('fill') || '';
  return { kind: svg.getAttribute('aria-roledescription') || svg.getAttribute('role') || '', box: box(svg),
           texts, quadrants, points, legend, lines, slices, background };
}

async function renderCharts(charts) {
  const results = [];
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (request) => request.abort());  // mermaid draws from the inline script alone
  await page.setViewport({ width: 1000, height: 800 });
  for (const [version, packageName] of Object.entries(MERMAID)) for (const theme of ['default', 'dark']) {
    const mine = charts.filter((chart) => (chart.theme || 'default') === theme && String(chart.mermaid || 11) === version);
    if (!mine.length) continue;
    await page.setContent(`<html><body style="margin:0;background:${BACKGROUND[theme]}"><div id="c"></div></body></html>`);
    await page.addScriptTag({ path: path.join(here, 'node_modules', packageName, 'dist/mermaid.min.js') });
    for (const chart of mine) {
      const result = await page.evaluate(async (source, theme, id, measureText) => {
        const measure = new Function(`return (${measureText})`)();
        mermaid.initialize({ startOnLoad: false, theme, securityLevel: 'strict' });
        const holder = document.getElementById('c');
        holder.innerHTML = '';
        try {
          await mermaid.parse(source);
          const { svg } = await mermaid.render(`chart-${id}`, source);
          holder.innerHTML = svg;
        } catch (error) {
          return { ok: false, error: String(error && error.message || error) };
        }
        return { ok: true, ...measure(holder.querySelector('svg')) };
      }, chart.source, theme, String(chart.id).replace(/\W/g, '_'), measure.toString());
      results.push({ id: chart.id, theme, mermaid: Number(version), pageBackground: BACKGROUND[theme], ...result });
    }
  }
  await page.close();
  return results;
}

// axe-core's violations on the loaded page, each with its rule, impact and the elements it found.
// The script is injected from node_modules (no request), so the blocked network does not stop it.
async function accessibility(page) {
  await page.addScriptTag({ path: path.join(here, 'node_modules', 'axe-core', 'axe.min.js') });
  const found = await page.evaluate(async () => (await axe.run(document)).violations);
  return found.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                             nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })) }));
}

async function loadPage(spec) {
  const page = await browser.newPage();
  const url = 'file://' + path.resolve(spec.path);
  const consoleErrors = [];
  const blocked = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === url && request.isNavigationRequest()) request.continue();
    else { blocked.push(request.url()); request.abort(); }
  });
  const result = { id: spec.id, consoleErrors, blocked, schemes: {} };
  for (const scheme of ['light', 'dark']) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await page.setViewport({ width: 1000, height: 900 });
    await page.goto(url, { waitUntil: 'load' });
    result.schemes[scheme] = await page.evaluate((measureText) => {
      const measure = new Function(`return (${measureText})`)();
      const visible = (el) => {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && style.visibility === 'visible' && style.display !== 'none'
          && style.color !== style.backgroundColor;
      };
      return {
        title: document.title,
        background: getComputedStyle(document.documentElement).backgroundColor,
        text: getComputedStyle(document.body).color,
        headings: [...document.querySelectorAll('h1, h2, h3')].map((h) =>
          ({ level: Number(h.tagName[1]), text: h.textContent, visible: visible(h) })),
        bodyText: document.body.innerText,
        svgs: [...document.querySelectorAll('svg')].map(measure),
        overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      };
    }, measure.toString());
    result.schemes[scheme].axe = await accessibility(page);
    if (spec.screenshot) {
      await page.screenshot({ path: spec.screenshot.replace(/\.png$/, `-${scheme}.png`), fullPage: true });
    }
  }
  // Print: A4 and Letter widths (at 96 px an inch, less the page margins) must not cut anything off.
  await page.emulateMediaType('print');
  result.print = {};
  for (const [paper, width] of [['A4', 794 - 106], ['Letter', 816 - 106]]) {
    await page.setViewport({ width, height: 1000 });
    const overflow = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((el) => el.tagName.toLowerCase()).slice(0, 5));
    const pdf = await page.pdf({ format: paper, printBackground: true });
    const pages = (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    result.print[paper] = { overflow, pages, bytes: pdf.length };
  }
  await page.close();
  return result;
}

const output = { charts: await renderCharts(job.charts || []), pages: [] };
for (const spec of job.pages || []) output.pages.push(await loadPage(spec));
await browser.close();
process.stdout.write(JSON.stringify(output));
