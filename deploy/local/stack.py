#!/usr/bin/env python3
"""The local stack: PostgreSQL 15, Apache Kafka (KRaft), the SMTP sink, the services and the
reverse proxy (nginx) that serves the web app and the services' APIs on one origin.

    python3 deploy/local/stack.py up [--brokers 3] [--only pg,kafka,smtp,proxy] [--services]
    python3 deploy/local/stack.py down [--only ...]
    python3 deploy/local/stack.py status
    python3 deploy/local/stack.py browser-tools   # what tests/browser needs, if missing

Standard library only: it runs before the project's virtualenv exists. Every start waits for
readiness with a deadline and says what failed; starting a running part again is harmless;
`down` stops everything this checkout started (it finds processes by their pid files).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import proxy  # deploy/local/proxy.py: the nginx config (this script's folder is on sys.path)

ROOT = Path(__file__).resolve().parents[2]
LOCAL = ROOT / "deploy" / "local"
RUN = LOCAL / ".run"
CACHE = LOCAL / ".cache"
KAFKA_VERSION = "3.9.1"
KAFKA_LIB = CACHE / "kafka" / "lib"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT = 15432
PG_USER = "kompeten"  # the unprivileged OS user: PostgreSQL refuses to run as root
PG_PASSWORD = "kompeten"  # development-only credentials of the local cluster
DATABASES = (
    "kompeten_registration",
    "kompeten_assessment",
    "kompeten_certificate",
    "kompeten_surveillance",
    "kompeten_test",
)
SMTP_PORT, MAIL_HTTP_PORT = 11025, 18025
SERVICES = {"registration": 18001, "assessment": 18002, "certificate": 18003}
PROXY_PORT = 18080
SINGLE = [(1, 19092, 19093)]
CLUSTER = [(1, 29092, 29093), (2, 29094, 29095), (3, 29096, 29097)]


class StackError(RuntimeError):
    pass


def say(message: str) -> None:
    print(f"[stack] {message}", flush=True)


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def wait_for(what: str, probe, deadline_s: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + deadline_s
    while not probe():
        if time.monotonic() > deadline:
            tail = ""
            if log and log.exists():
                tail = "\n" + "\n".join(log.read_text(errors="replace").splitlines()[-15:])
            raise StackError(f"{what} not ready within {deadline_s:.0f}s{tail}")
        time.sleep(0.2)


def pid_alive(pidfile: Path) -> int | None:
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        return None
    # A killed process whose parent has not reaped it yet (ours are reparented to init, which
    # may reap late) still answers kill(0): a zombie holds no port and must count as dead, or
    # `up` would not restart it and `down` would wait on it.
    return None if process_state(pid) in (None, "Z") else pid


def process_state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:
        return "?"  # no procfs to ask: kill(0) has answered
    return stat.rpartition(")")[2].split()[0]


def spawn(cmd: list[str], log: Path, pidfile: Path, env: dict[str, str] | None = None) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env, start_new_session=True
        )
    pidfile.write_text(str(proc.pid))


def stop_pidfile(name: str, pidfile: Path, grace_s: float = 20.0) -> None:
    pid = pid_alive(pidfile)
    if pid is None:
        pidfile.unlink(missing_ok=True)
        return
    os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while pid_alive(pidfile) and time.monotonic() < deadline:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.1)
    if pid_alive(pidfile):
        os.killpg(pid, signal.SIGKILL)
    pidfile.unlink(missing_ok=True)
    say(f"{name} stopped")


def signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass  # exited (and was reaped) since we looked


def require_free(port: int, what: str) -> None:
    if port_open(port):
        raise StackError(
            f"port {port} for {what} is taken by another process "
            f"(see `ss -ltnp 'sport = :{port}'`); stop it or its stack first"
        )


def is_root() -> bool:
    return os.geteuid() == 0


def apt_install(*packages: str) -> None:
    if not is_root():
        raise StackError(
            f"missing {' '.join(packages)}; install with: "
            f"sudo apt-get install -y {' '.join(packages)}"
        )
    say(f"installing {' '.join(packages)} from Debian's packages")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages],
    ):
        if subprocess.run(cmd, env=env).returncode != 0:
            raise StackError(f"`{' '.join(cmd)}` failed")


# --- PostgreSQL ---------------------------------------------------------------------------


def pg_dir() -> Path:
    # The server runs as an unprivileged user, who must be able to reach its data directory;
    # a checkout under a private directory (a CI clone in a 0700 temp dir) cannot be reached.
    if not is_root() or _user_can_traverse(RUN):
        return RUN / "pg"
    digest = hashlib.sha1(str(ROOT).encode()).hexdigest()[:10]
    return Path("/var/tmp") / f"kompeten-{digest}" / "pg"


def _user_can_traverse(path: Path) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    return (
        subprocess.run(
            ["runuser", "-u", PG_USER, "--", "test", "-x", str(path)], capture_output=True
        ).returncode
        == 0
    )


def as_pg_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", PG_USER, "--", *cmd] if is_root() else cmd


def ensure_pg_user() -> None:
    if is_root() and subprocess.run(["id", PG_USER], capture_output=True).returncode != 0:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
            check=True,
        )


def psql(sql: str, database: str = "postgres") -> str:
    env = dict(os.environ, PGPASSWORD=PG_PASSWORD)
    result = subprocess.run(
        [
            str(PG_BIN / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(PG_PORT),
            "-U",
            "kompeten_admin",
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-qAtc",
            sql,
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode != 0:
        raise StackError(f"psql failed: {result.stderr.strip()}")
    return result.stdout.strip()


def pg_up() -> bool:
    if not (PG_BIN / "postgres").exists():
        apt_install("postgresql-15", "postgresql-client-15")
    ensure_pg_user()
    base = pg_dir()
    data = base / "data"
    if is_root():
        base.mkdir(parents=True, exist_ok=True)
        shutil.chown(base, PG_USER)
    base.chmod(0o700)
    status = subprocess.run(
        as_pg_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "status"]), capture_output=True
    )
    if status.returncode == 0:
        say(f"PostgreSQL already running on 127.0.0.1:{PG_PORT} ({data})")
        return False
    require_free(PG_PORT, "PostgreSQL")
    if not (data / "PG_VERSION").exists():
        pwfile = base / "pwfile"
        pwfile.write_text(PG_PASSWORD + "\n")
        if is_root():
            shutil.chown(pwfile, PG_USER)
        say(f"initialising a PostgreSQL 15 cluster in {data}")
        subprocess.run(
            as_pg_user(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "kompeten_admin",
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    f"--pwfile={pwfile}",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
        )
        pwfile.unlink()
    options = (
        f"-p {PG_PORT} -k {base} -c listen_addresses=127.0.0.1 -c max_connections=300 "
        "-c shared_buffers=256MB"
    )
    log = base / "postgres.log"
    result = subprocess.run(
        as_pg_user(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        ),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        tail = log.read_text(errors="replace")[-1500:] if log.exists() else result.stderr
        raise StackError(f"PostgreSQL did not start:\n{tail}")
    wait_for("PostgreSQL", lambda: port_open(PG_PORT), 30, log)
    pg_bootstrap()
    say(f"PostgreSQL 15 ready on 127.0.0.1:{PG_PORT}")
    return True


def pg_bootstrap() -> None:
    if psql("SELECT 1 FROM pg_roles WHERE rolname = 'kompeten_app'") != "1":
        psql(f"CREATE ROLE kompeten_app LOGIN PASSWORD '{PG_PASSWORD}'")
    for name in DATABASES:
        if psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") != "1":
            psql(f"CREATE DATABASE {name}")
        psql("GRANT CONNECT, TEMPORARY ON DATABASE " + name + " TO kompeten_app")


def pg_down() -> None:
    data = pg_dir() / "data"
    if not (data / "PG_VERSION").exists():
        return
    result = subprocess.run(
        as_pg_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
        capture_output=True,
        text=True,
    )
    if result.returncode == 0:
        say("PostgreSQL stopped")


# --- Kafka --------------------------------------------------------------------------------


def ensure_java() -> str:
    java = shutil.which("java")
    if java is None:
        apt_install("openjdk-17-jre-headless")
        java = shutil.which("java")
    out = subprocess.run([java or "java", "-version"], capture_output=True, text=True).stderr
    if '"1.' in out or not any(f'"{v}' in out for v in range(17, 30)):
        raise StackError(f"Kafka needs Java 17 or newer; found: {out.splitlines()[0]}")
    return java or "java"


def ensure_kafka_lib() -> None:
    if (KAFKA_LIB / f"kafka_2.13-{KAFKA_VERSION}.jar").exists():
        return
    if shutil.which("mvn") is None:
        apt_install("maven")
    say(f"resolving Apache Kafka {KAFKA_VERSION} from Maven Central into {KAFKA_LIB}")
    result = subprocess.run(
        [
            "mvn",
            "-q",
            "-B",
            "-f",
            str(LOCAL / "kafka" / "pom.xml"),
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={KAFKA_LIB}",
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise StackError(f"download of Kafka failed:\n{result.stdout[-2000:]}{result.stderr}")


def kafka_properties(node: int, port: int, nodes: list[tuple[int, int, int]], data: Path) -> str:
    voters = ",".join(f"{n}@127.0.0.1:{c}" for n, _, c in nodes)
    controller_port = dict((n, c) for n, _, c in nodes)[node]
    replicas = len(nodes)
    min_isr = 2 if replicas >= 3 else 1
    return "\n".join(
        [
            "process.roles=broker,controller",
            f"node.id={node}",
            f"controller.quorum.voters={voters}",
            f"listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}",
            f"advertised.listeners=PLAINTEXT://127.0.0.1:{port}",
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=PLAINTEXT",
            f"log.dirs={data}",
            "num.partitions=12",
            f"default.replication.factor={replicas}",
            f"min.insync.replicas={min_isr}",
            f"offsets.topic.replication.factor={replicas}",
            f"transaction.state.log.replication.factor={replicas}",
            f"transaction.state.log.min.isr={min_isr}",
            "offsets.topic.num.partitions=12",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=true",
            "log.retention.hours=-1",
            "message.max.bytes=1048588",
            "",
        ]
    )


def kafka_up(brokers: int) -> bool:
    nodes = CLUSTER if brokers == 3 else SINGLE
    name = "kafka3" if brokers == 3 else "kafka"
    java = ensure_java()
    ensure_kafka_lib()
    base = RUN / name
    base.mkdir(parents=True, exist_ok=True)
    log4j = base / "log4j.properties"
    log4j.write_text(
        "log4j.rootLogger=WARN, stdout\n"
        "log4j.appender.stdout=org.apache.log4j.ConsoleAppender\n"
        "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n"
        "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n\n"
    )
    classpath = f"{KAFKA_LIB}/*"
    cluster_file = base / "cluster.id"
    if not cluster_file.exists():
        cluster_id = (
            subprocess.run(
                [java, "-cp", classpath, "kafka.tools.StorageTool", "random-uuid"],
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        cluster_file.write_text(cluster_id)
    cluster_id = cluster_file.read_text().strip()
    started = False
    for node, port, _ in nodes:
        node_dir = base / f"node{node}"
        node_dir.mkdir(exist_ok=True)
        pidfile = node_dir / "pid"
        if pid_alive(pidfile):
            continue
        require_free(port, f"Kafka node {node}")
        props = node_dir / "server.properties"
        props.write_text(kafka_properties(node, port, nodes, node_dir / "data"))
        if not (node_dir / "data" / "meta.properties").exists():
            subprocess.run(
                [
                    java,
                    "-cp",
                    classpath,
                    f"-Dlog4j.configuration=file:{log4j}",
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    cluster_id,
                    "-c",
                    str(props),
                ],
                check=True,
                capture_output=True,
            )
        spawn(
            [
                java,
                "-Xms256m",
                # Every test makes its own topics (12 partitions each): a full run leaves a few
                # thousand partitions, whose metadata a 512 MB heap ran out of (OOM, then
                # request timeouts). The machine has 24 GB.
                "-Xmx2g",
                "-XX:+UseG1GC",
                "-cp",
                classpath,
                f"-Dlog4j.configuration=file:{log4j}",
                "kafka.Kafka",
                str(props),
            ],
            node_dir / "kafka.log",
            pidfile,
        )
        started = True
    for node, port, _ in nodes:
        wait_for(
            f"Kafka node {node} on 127.0.0.1:{port}",
            lambda p=port: port_open(p),
            90,
            base / f"node{node}" / "kafka.log",
        )
    ports = ",".join(f"127.0.0.1:{p}" for _, p, _ in nodes)
    say(f"Kafka {KAFKA_VERSION} ({'started' if started else 'already running'}) on {ports}")
    return started


def kafka_down(brokers: int) -> None:
    nodes = CLUSTER if brokers == 3 else SINGLE
    base = RUN / ("kafka3" if brokers == 3 else "kafka")
    if brokers == 1:
        stop_pidfile("Kafka node 1", base / "node1" / "pid")
        return
    # All nodes at once: a KRaft controller resigns through the quorum, so the voters that stop
    # while a majority is up exit within a second, and the ones left without a majority wait
    # for a vote that never comes (until SIGKILL). Stopping them one by one left the last one
    # waiting out the whole grace period on every `down`.
    pidfiles = {node: base / f"node{node}" / "pid" for node, _, _ in nodes}
    running = {node: pid for node, f in pidfiles.items() if (pid := pid_alive(f))}
    stopping = sorted(running)
    for pid in running.values():
        signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20.0
    quorum_lost: float | None = None
    while running and time.monotonic() < deadline:
        running = {node: pid for node, pid in running.items() if pid_alive(pidfiles[node])}
        if running and 2 * len(running) <= len(nodes):
            quorum_lost = quorum_lost or time.monotonic()
            if time.monotonic() - quorum_lost > 3.0:
                break
        time.sleep(0.1)
    for pid in running.values():
        signal_group(pid, signal.SIGKILL)
    for node, pidfile in pidfiles.items():
        wait_for(f"Kafka node {node} to exit", lambda f=pidfile: not pid_alive(f), 10)
        pidfile.unlink(missing_ok=True)
    if stopping:
        say(f"Kafka nodes {', '.join(map(str, stopping))} stopped")


def kafka_wipe(brokers: int) -> None:
    shutil.rmtree(RUN / ("kafka3" if brokers == 3 else "kafka"), ignore_errors=True)


# --- SMTP sink and services ---------------------------------------------------------------


def venv_python() -> str:
    python = ROOT / ".venv" / "bin" / "python"
    if not python.exists():
        raise StackError("the project virtualenv is missing: run `make sync` (or `make up`)")
    return str(python)


def smtp_up() -> bool:
    pidfile = RUN / "mail" / "pid"
    if pid_alive(pidfile):
        say(f"SMTP sink already running; mail at http://127.0.0.1:{MAIL_HTTP_PORT}")
        return False
    require_free(SMTP_PORT, "the SMTP sink")
    require_free(MAIL_HTTP_PORT, "the mail viewer")
    (RUN / "mail").mkdir(parents=True, exist_ok=True)
    spawn(
        [
            venv_python(),
            str(LOCAL / "devmail.py"),
            "--smtp-port",
            str(SMTP_PORT),
            "--http-port",
            str(MAIL_HTTP_PORT),
            "--maildir",
            str(RUN / "mail" / "messages"),
        ],
        RUN / "mail" / "devmail.log",
        pidfile,
    )
    wait_for(
        "SMTP sink",
        lambda: port_open(SMTP_PORT) and port_open(MAIL_HTTP_PORT),
        30,
        RUN / "mail" / "devmail.log",
    )
    say(f"SMTP sink on 127.0.0.1:{SMTP_PORT}; mail at http://127.0.0.1:{MAIL_HTTP_PORT}")
    return True


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def services_up() -> None:
    # The local stack asks for development mode: the services sign tokens and seal personal
    # data with the public development secrets unless real ones are in the environment.
    development = "KOMPETEN_TOKEN_KEYS" not in os.environ
    if development:
        say("development mode (KOMPETEN_DEVELOPMENT=1): public development secrets, local use only")
    for service, port in SERVICES.items():
        pidfile = RUN / "services" / f"{service}.pid"
        if pid_alive(pidfile):
            continue
        require_free(port, f"the {service} service")
        env = dict(os.environ, KOMPETEN_HTTP_PORT=str(port))
        env.setdefault("KOMPETEN_DATA_DIR", str(RUN / "data" / service))  # files it keeps
        if development:
            env["KOMPETEN_DEVELOPMENT"] = "1"
        spawn(
            [venv_python(), "-m", f"{service}.main"],
            RUN / "services" / f"{service}.log",
            pidfile,
            env,
        )
    for service, port in SERVICES.items():
        wait_for(
            f"{service} service",
            lambda p=port: http_ok(f"http://127.0.0.1:{p}/health"),
            60,
            RUN / "services" / f"{service}.log",
        )
        say(f"{service} service on http://127.0.0.1:{port} (API docs: /docs)")


def services_down() -> None:
    for service in SERVICES:
        stop_pidfile(f"{service} service", RUN / "services" / f"{service}.pid")


# --- web app and reverse proxy -------------------------------------------------------------


def ensure_packages(binaries: dict[str, str]) -> None:
    """Debian's package for each binary that is missing (binary path -> package)."""
    missing = [package for binary, package in binaries.items() if not Path(binary).exists()]
    if missing:
        apt_install(*missing)


def build_web() -> None:
    say("building the web app (web/build.sh)")
    if subprocess.run(["bash", str(ROOT / "web" / "build.sh")], cwd=ROOT).returncode != 0:
        raise StackError("the web app did not build (web/build.sh)")


def browser_tools() -> None:
    """What tests/browser needs on a fresh machine: nginx and Chromium from Debian's packages
    (the tests build the app themselves, with web/build.sh)."""
    ensure_packages({str(proxy.NGINX): "nginx", "/usr/bin/chromium": "chromium"})
    say("nginx and Chromium are installed")


def proxy_up() -> bool:
    pidfile = RUN / "proxy" / "pid"
    address = f"http://127.0.0.1:{PROXY_PORT}/"
    ensure_packages({str(proxy.NGINX): "nginx"})
    build_web()  # a running proxy serves the new build at once: it reads files per request
    if pid_alive(pidfile):
        say(f"Kompeten app (nginx) already running on {address}")
        return False
    require_free(PROXY_PORT, "the reverse proxy")
    conf = proxy.write_conf(PROXY_PORT, SERVICES, RUN / "proxy")
    spawn(proxy.nginx_command(conf), RUN / "proxy" / "nginx.out", pidfile)
    wait_for("the reverse proxy", lambda: http_ok(address), 30, RUN / "proxy" / "error.log")
    say(f"Kompeten app on {address} (APIs under {address}api/<service>/)")
    return True


# --- commands -----------------------------------------------------------------------------

PARTS = ("pg", "kafka", "smtp")


def up(args: argparse.Namespace) -> None:
    parts = args.only.split(",") if args.only else list(PARTS)
    started = []
    if "pg" in parts and pg_up():
        started.append("pg")
    if "kafka" in parts and kafka_up(args.brokers):
        started.append("kafka3" if args.brokers == 3 else "kafka")
    if "smtp" in parts and smtp_up():
        started.append("smtp")
    if args.services:
        services_up()
    if args.services or "proxy" in parts:
        if proxy_up():
            started.append("proxy")
    if args.started_file:
        Path(args.started_file).write_text(",".join(started))


def down(args: argparse.Namespace) -> None:
    parts = (
        args.only.split(",")
        if args.only
        else ["proxy", "services", "smtp", "kafka", "kafka3", "pg"]
    )
    if "proxy" in parts:
        stop_pidfile("reverse proxy (nginx)", RUN / "proxy" / "pid")
    if "services" in parts:
        services_down()
    if "smtp" in parts:
        stop_pidfile("SMTP sink", RUN / "mail" / "pid")
    if "kafka" in parts:
        kafka_down(1)
    if "kafka3" in parts:
        kafka_down(3)
    if "pg" in parts:
        pg_down()


def status(_: argparse.Namespace) -> None:
    checks = {
        f"PostgreSQL :{PG_PORT}": PG_PORT,
        f"SMTP :{SMTP_PORT}": SMTP_PORT,
        **{f"Kafka :{p}": p for _, p, _ in SINGLE + CLUSTER},
        **{f"{s} :{p}": p for s, p in SERVICES.items()},
        f"web app (nginx) :{PROXY_PORT}": PROXY_PORT,
    }
    for label, port in checks.items():
        print(f"{label:24} {'up' if port_open(port) else 'down'}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_up = sub.add_parser("up")
    p_up.add_argument("--brokers", type=int, choices=(1, 3), default=1)
    p_up.add_argument("--only", help="comma-separated subset of pg,kafka,smtp,proxy")
    p_up.add_argument(
        "--services", action="store_true", help="also start the services and the proxy"
    )
    p_up.add_argument("--started-file", help="write which parts this call started")
    p_down = sub.add_parser("down")
    p_down.add_argument(
        "--only", help="comma-separated subset of proxy,services,smtp,kafka,kafka3,pg"
    )
    p_wipe = sub.add_parser("wipe-kafka")
    p_wipe.add_argument("--brokers", type=int, choices=(1, 3), default=3)
    sub.add_parser("status")
    sub.add_parser("browser-tools")
    args = parser.parse_args()
    commands = {
        "up": up,
        "down": down,
        "status": status,
        "wipe-kafka": lambda a: kafka_wipe(a.brokers),
        "browser-tools": lambda _: browser_tools(),
    }
    try:
        commands[args.command](args)
    except StackError as exc:
        print(f"[stack] ERROR: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(
            f"[stack] ERROR: `{' '.join(map(str, exc.cmd))}` failed: {exc.stderr}", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
