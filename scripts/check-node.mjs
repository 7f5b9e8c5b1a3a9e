// npm scripts run on the Node.js 24 that the `node` devDependency installs into node_modules/.bin.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Tilts needs Node.js 24 or newer; this is ${process.version}. Run it through npm (npm start, npm test), which uses the Node.js 24 pinned in devDependencies.`,
  );
  process.exit(1);
}
