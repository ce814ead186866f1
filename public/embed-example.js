// Sizes Headroom iframes to their content. Each Headroom page in a frame posts
// {type: "headroom:height", height} to its parent whenever its content changes size; this sets
// the height of the iframe that sent it. Only frames marked data-headroom are touched, and only
// by messages from their own window and from the origin their src points at.
'use strict';

const MAX_HEIGHT = 20000;

window.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'headroom:height') return;
  const height = Number(data.height);
  if (!Number.isFinite(height) || height < 0) return;
  for (const frame of document.querySelectorAll('iframe[data-headroom]')) {
    if (frame.contentWindow !== event.source) continue;
    if (new URL(frame.src, document.baseURI).origin !== event.origin) continue;
    // Set through the CSSOM: allowed under a strict style-src (a style attribute is not).
    frame.style.height = `${Math.min(Math.ceil(height), MAX_HEIGHT)}px`;
  }
});
