#!/usr/bin/env node
// The `wayli-migrate` command of the npm package: finds the native binary in this platform's package
// (@wayli-migrate/<os>-<arch>, an optional dependency npm installs only where it fits) and runs it with the same
// arguments, standard input, output and error, passing signals on and ending with its exit code or signal.
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");

function platformPackage() {
  const os = { linux: "linux", darwin: "darwin", win32: "win32" }[process.platform];
  const arch = { x64: "x64", arm64: "arm64" }[process.arch];
  if (!os || !arch) return null;
  // Alpine and other musl systems need the musl build; glibc reports its version in the process report.
  const musl = os === "linux" && !(process.report && process.report.getReport().header.glibcVersionRuntime);
  return `@wayli-migrate/${os}${musl ? "-musl" : ""}-${arch}`;
}

function binaryPath() {
  const name = platformPackage();
  if (!name) {
    throw new Error(`wayli-migrate has no build for ${process.platform}-${process.arch}`);
  }
  let folder;
  try {
    folder = path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new Error(`the package ${name} is not installed: reinstall wayli-migrate without --no-optional (npm installs the package of this platform only)`);
  }
  return path.join(folder, "bin", process.platform === "win32" ? "wayli-migrate.exe" : "wayli-migrate");
}

let binary;
try {
  binary = binaryPath();
} catch (error) {
  process.stderr.write(`wayli-migrate: ${error.message}\n`);
  process.exit(70);
}

const child = spawn(binary, process.argv.slice(2), { stdio: "inherit" });
// Ctrl-C reaches the whole process group on a terminal; a signal sent to this process alone (SIGTERM from a
// container runtime) must reach the binary too, so that it cancels cleanly and releases its locks.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"]) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on("error", (error) => {
  process.stderr.write(`wayli-migrate: could not start ${binary}: ${error.message}\n`);
  process.exit(70);
});
child.on("exit", (code, signal) => {
  if (signal) {
    // End the same way, so the caller sees the signal, not a made-up exit code.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else {
    process.exit(code ?? 70);
  }
});
