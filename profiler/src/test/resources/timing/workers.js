const { Worker, isMainThread, parentPort } = require('worker_threads');
if (isMainThread) {
  let done = 0;
  const n = 4;
  for (let i = 0; i < n; i++) {
    new Worker(__filename).on('message', () => { if (++done === n) console.log('4 workers done'); });
  }
} else {
  let s = 0;
  for (let i = 0; i < 1e6; i++) s += i;
  parentPort.postMessage(s);
}
