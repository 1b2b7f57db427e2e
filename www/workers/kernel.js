// A Web Worker of Interleave's measuring lessons. It loads the build of the worker
// module that its name asks for ("threads": shared memory with a rayon pool; "simd": the
// plain build with SIMD128 instructions, for a browser that validates them; any other
// name: plain) and forwards every message to the module's one entry point, in order.
// The protocol is written once, in Rust (crates/protocol); the module answers through
// `post`. Only a build that fails to load, or a trap, is answered from here.
const build = ['threads', 'simd'].includes(self.name) ? self.name : 'plain';
const post = (message, transfer) => postMessage(message, transfer ?? []);
const failed = (error) =>
  post(JSON.stringify({ error: { message: String(error?.message ?? error) } }));
const loading = import(`../kernels/${build}/interleave_workers.js`).then(async (module) => {
  await module.default();
  return module;
});

// `handle` answers at once, or returns a promise (the thread pool starting) that the
// next message waits for.
let queue = Promise.resolve();
self.addEventListener('message', (event) => {
  queue = queue.then(async () => (await loading).handle(event.data, post)).catch(failed);
});
