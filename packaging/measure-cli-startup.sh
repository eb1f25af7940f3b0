#!/usr/bin/env bash
# Measures the CLI's start-up as whole processes, all cases interleaved in one run, and prints each case's median
# wall and CPU time and its ratio to a class-data-shared Java hello world measured in the same rounds.
#
#   packaging/measure-cli-startup.sh [ROUNDS] [JAR]      default: 11 rounds of target/secretdesk.jar
#   BEFORE=old.jar packaging/measure-cli-startup.sh      also measures an older jar (before/after in the same run)
#   ROTATE=0 ...                                         skips the cold rotate-key of 5,000 credentials
#   ROTATIONS=5 ...                                      runs of each rotate-key case (default 3)
#   LAUNCHER=target/app-image/secretdesk/bin/secretdesk  also measures the packaged launcher (its own archive)
#
# Make an older jar to compare with: git worktree add /tmp/before COMMIT && (cd /tmp/before && mvn -B -o -q
# package -DskipTests) and pass BEFORE=/tmp/before/target/secretdesk.jar.
# The CLI's archive is made here with packaging/cli-cds.sh; the hello world's with -XX:ArchiveClassesAtExit.
# Cases marked "+ C1" also pass -XX:TieredStopAtLevel=1 (no optimising compiler), as a launcher or JDK_JAVA_OPTIONS can.
# Timing lives here, never in unit tests. Needs python3 (for wall and CPU time of each child).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-11}"
jar="$(readlink -f "${2:-target/secretdesk.jar}")"
[ -f "$jar" ] || { echo "measure-cli-startup: $jar not found: mvn -B -o -q package -DskipTests" >&2; exit 2; }
before="${BEFORE:+$(readlink -f "$BEFORE")}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A hello world with its own dynamic archive: the floor any Java CLI starts from.
mkdir -p "$work/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$work/hello/Hello.java"
javac -d "$work/hello" "$work/hello/Hello.java"
jar cf "$work/hello.jar" -C "$work/hello" Hello.class   # an archive needs a jar on the class path, not a folder
java -XX:ArchiveClassesAtExit="$work/hello.jsa" -cp "$work/hello.jar" Hello >/dev/null

packaging/cli-cds.sh "$jar" "$work/cli.jsa" >/dev/null
if [ -n "$before" ]; then packaging/cli-cds.sh "$before" "$work/before.jsa" >/dev/null; fi
mkdir -p "$work/home/.simpletuner"
printf '{"HF_TOKEN": "hf_measure_value"}\n' > "$work/home/.simpletuner/secrets.json"
chmod 600 "$work/home/.simpletuner/secrets.json"

# A console store with 5,000 credentials for rotate-key, copied afresh before every rotation.
if [ "${ROTATE:-1}" = 1 ]; then
  python3 -c 'import json; print(json.dumps([{"provider": "replicate", "name": "token%05d" % i, "value": "r8_%040d" % i} for i in range(5000)]))' \
    > "$work/creds.json"
  # One store per jar: an older jar refuses a database a newer one has migrated.
  for variant in after${before:+ before}; do
    j="$jar"; [ "$variant" = before ] && j="$before"
    mkdir -p "$work/rot-$variant/.simpletuner"
    env -i PATH="$PATH" HOME="$work/rot-$variant" java -Duser.home="$work/rot-$variant" -jar "$j" credentials import \
      < "$work/creds.json" >/dev/null 2>&1
  done
fi

python3 - "$rounds" "$work" "$jar" "$before" "${LAUNCHER:-}" "${ROTATE:-1}" "${ROTATIONS:-3}" <<'PY'
import os, shutil, statistics, subprocess, sys, time
rounds, work, jar, before, launcher, rotate, rotations = int(sys.argv[1]), *sys.argv[2:7], int(sys.argv[7])
home = f"{work}/home"
load_start = os.getloadavg()[0]
base_env = {"PATH": os.environ["PATH"], "HOME": home, "AWS_EC2_METADATA_DISABLED": "true"}
C1 = "-XX:TieredStopAtLevel=1"
def java(jarfile, *args, cds=None, c1=False, user_home=home):
    return ["java", *([f"-XX:SharedArchiveFile={cds}"] if cds else []), *([C1] if c1 else []), f"-Duser.home={user_home}",
            "-jar", jarfile, *args]
cases = [("hello world (CDS)", ["java", f"-XX:SharedArchiveFile={work}/hello.jsa", "-cp", f"{work}/hello.jar", "Hello"], {})]
if before:
    cases += [("before: get (file), java -jar", java(before, "get", "HF_TOKEN"), {}),
              ("before: --version, java -jar", java(before, "--version"), {})]
cases += [("get (file), java -jar", java(jar, "get", "HF_TOKEN"), {}),
          ("get (file), java -jar + CLI archive", java(jar, "get", "HF_TOKEN", cds=f"{work}/cli.jsa"), {}),
          ("get (file), java -jar + CLI archive + C1", java(jar, "get", "HF_TOKEN", cds=f"{work}/cli.jsa", c1=True), {}),
          ("get (env), java -jar + CLI archive", java(jar, "get", "ENV_ONLY", cds=f"{work}/cli.jsa"), {"ENV_ONLY": "from_env"}),
          ("--version, java -jar", java(jar, "--version"), {}),
          ("--version, java -jar + CLI archive", java(jar, "--version", cds=f"{work}/cli.jsa"), {}),
          ("--version, java -jar + CLI archive + C1", java(jar, "--version", cds=f"{work}/cli.jsa", c1=True), {})]
if launcher:
    cases += [("get (file), app launcher", [launcher, "get", "HF_TOKEN"], {"JAVA_TOOL_OPTIONS": f"-Duser.home={home}"})]
def run(cmd, extra):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, env={**base_env, **extra}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"measure-cli-startup: {cmd} exited {code}: {p.stderr.read().decode()[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime
for _, cmd, extra in cases:
    run(cmd, extra)  # warm-up: file cache
results = {name: [] for name, _, _ in cases}
for _ in range(rounds):
    for name, cmd, extra in cases:
        results[name].append(run(cmd, extra))
rot = {}
if rotate == "1":
    # (label, store, jar, archive, C1): the same store copied afresh before every run, the cases interleaved.
    variants = ([("before, java -jar", "before", before, None, False),
                 ("before, java -jar + its CLI archive + C1", "before", before, f"{work}/before.jsa", True)] if before else []) + [
        ("java -jar", "after", jar, None, False),
        ("java -jar + CLI archive", "after", jar, f"{work}/cli.jsa", False),
        ("java -jar + CLI archive + C1", "after", jar, f"{work}/cli.jsa", True)]
    for _ in range(rotations):
        for label, store, j, cds, c1 in variants:
            shutil.rmtree(f"{work}/rotrun", ignore_errors=True)
            shutil.copytree(f"{work}/rot-{store}", f"{work}/rotrun", symlinks=True)
            cmd = java(j, "rotate-key", "--yes", cds=cds, c1=c1, user_home=f"{work}/rotrun")
            start = time.perf_counter()
            p = subprocess.Popen(cmd, env={**base_env, "HOME": f"{work}/rotrun"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(p.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"measure-cli-startup: rotate-key ({label}) failed: {p.stderr.read().decode()[-500:]}")
            rot.setdefault(label, []).append((time.perf_counter() - start, usage.ru_utime + usage.ru_stime))
floor = statistics.median(w for w, _ in results["hello world (CDS)"])
load = os.getloadavg()[0]
print(f"{rounds} rounds, cases interleaved; 1-minute load {load_start:.2f} at the start, {load:.2f} at the end; {os.cpu_count()} cores")
cpu_floor = statistics.median(c for _, c in results["hello world (CDS)"])
# Under load the hello world's wall time grows most (it waits for a core as long as a longer run does), which shrinks
# the wall ratios; the CPU ratio shows the work itself.
print(f"{'case':47} {'wall (median)':>14} {'CPU (median)':>13} {'x hello':>8} {'CPU x hello':>12}")
for name, _, _ in cases:
    wall = statistics.median(w for w, _ in results[name]); cpu = statistics.median(c for _, c in results[name])
    print(f"{name:47} {wall*1000:11.0f} ms {cpu*1000:10.0f} ms {wall/floor:7.2f}x {cpu/cpu_floor:11.2f}x")
for label, runs in rot.items():
    print(f"rotate-key --yes, 5,000 credentials, {label}: runs " + ", ".join(f"{w:.2f}" for w, _ in runs)
          + f" s wall; median {statistics.median(w for w, _ in runs):.2f} s wall, {statistics.median(c for _, c in runs):.2f} s CPU")
PY
