// Every chart has a menu that downloads it as SVG (the chart exactly as drawn) and PNG (drawn
// by the browser at twice the size). Both must be valid images of that chart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './lib.mjs';

let browser, app;
before(async () => { browser = await launch(); app = await serve(); });
after(async () => { await browser?.close(); await app?.close(); });

async function download(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const chunks = [];
  for await (const c of await d.createReadStream()) chunks.push(c);
  return { name: d.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

test('a chart downloads as the same SVG it shows and as a PNG twice its size', async () => {
  const page = await open(browser, `${app.url}#/slos/checkout-availability`);
  const card = page.locator('figure.chart-card').filter({ has: page.locator('.chart-svg svg') }).first();
  await card.locator('.chart-svg svg').waitFor({ timeout: 30000 });
  const title = await card.locator('figcaption > span').first().innerText();
  const shown = await card.locator('.chart-svg').innerHTML();
  await card.locator('.chart-menu summary').click();
  const svg = await download(page, () => card.locator('.chart-menu button', { hasText: 'SVG' }).click());
  assert.match(svg.name, /^[a-z0-9-]+\.svg$/);
  assert.equal(svg.name.replace('.svg', ''), title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60));
  const text = svg.bytes.toString('utf8');
  // The same markup as the chart on the page, once both are parsed the same way.
  const reparsed = await page.evaluate((s) => { const d = document.createElement('div'); d.innerHTML = s; return d.innerHTML; }, text);
  assert.equal(reparsed, shown, 'the downloaded SVG is the chart as drawn');
  assert.match(text, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const [w, h] = [/width="(\d+)"/, /height="(\d+)"/].map((re) => Number(text.match(re)[1]));
  // The SVG file opens as an image on its own.
  const size = await page.evaluate(async (s) => {
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([s], { type: 'image/svg+xml' }));
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  }, text);
  assert.deepEqual(size, [w, h]);

  const png = await download(page, () => card.locator('.chart-menu button', { hasText: 'PNG' }).click());
  assert.equal(png.name, svg.name.replace('.svg', '.png'));
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.deepEqual([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)], [2 * w, 2 * h], 'IHDR: twice the size');
  // Not a blank canvas: the PNG decodes to pixels of more than one colour.
  const colours = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.naturalWidth, img.naturalHeight];
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 97) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size;
  }, png.bytes.toString('base64'));
  assert.ok(colours > 3, `${colours} colours`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
