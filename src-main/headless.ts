// Headless mode: the same main-process services without Electron, with the renderer served as a
// web console. Not built yet: issue 5 builds it on the broker of issue 4. Until then this entry
// says so honestly instead of pretending to serve anything.
const args = process.argv.slice(2);

console.log(
  'IoTMP Studio headless mode (embedded broker + web console) is not built yet: issue 5 builds it.',
);
if (args.length > 0) console.log(`Ignored arguments: ${args.join(' ')}`);
