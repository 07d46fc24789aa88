#!/usr/bin/env python3
"""The attacks of issue 9, re-run against a running demo server (`serve --demo`).

Usage: attacks.py BASE_URL SERVER_PID DATABASE_FILE BINARY
Prints one line per attack: what was tried, what the server answered, and the figures (resident
memory of the server from /proc, latencies of an ordinary request). Standard library only.
"""

import http.client
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

BASE, PID, DB, BINARY = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
HOST = urllib.parse.urlparse(BASE).hostname
PORT = urllib.parse.urlparse(BASE).port
SCHOOL_ACCOUNT = "truong.luonghoa"


def rss_mb():
    """(current, peak) resident memory of the server, MB."""
    fields = {}
    with open(f"/proc/{PID}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) // 1024, int(fields["VmHWM"].split()[0]) // 1024


def request(method, path, body=None, headers=None, timeout=120):
    connection = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), data


def cookie_of(headers, name):
    for key, value in headers.items():
        if key.lower() == "set-cookie" and value.startswith(name + "="):
            return value.split(";")[0]
    return ""


def sign_in(username):
    status, headers, body = request("GET", "/dang-nhap")
    csrf = re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()
    login_cookie = cookie_of(headers, "hn_login_csrf")
    form = urllib.parse.urlencode(
        {"csrf": csrf, "username": username, "password": f"demo-{username}"}
    )
    status, headers, _ = request(
        "POST",
        "/dang-nhap",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": login_cookie},
    )
    return status, cookie_of(headers, "hn_session")


def csrf_of_page(path, cookie):
    _, _, body = request("GET", path, headers={"Cookie": cookie})
    found = re.search(rb'name="csrf" value="([^"]+)"', body)
    return found.group(1).decode() if found else ""


def school_code(cookie):
    _, _, body = request("GET", "/", headers={"Cookie": cookie})
    return re.search(rb'/co-so/(\d+)', body).group(1).decode()


def multipart_upload(path, cookie, csrf, size, chunk_of, file_name="tep.csv"):
    """Streams a multipart form whose file part is `size` bytes made of `chunk_of`."""
    boundary = "hnattackboundary"
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"nam\"\r\n\r\n2024\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"cap\"\r\n\r\nthcs\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"chay_thu\"\r\n\r\n1\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"{file_name}\"\r\n"
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection(HOST, PORT, timeout=600)
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(len(head) + size + len(tail)))
    connection.putheader("Cookie", cookie)
    connection.endheaders()
    started = time.time()
    try:
        connection.send(head)
        block = (chunk_of * (1 << 20 // max(1, len(chunk_of)) + 1))[: 1 << 20]
        sent = 0
        while sent < size:
            piece = block[: min(len(block), size - sent)]
            connection.send(piece)
            sent += len(piece)
        connection.send(tail)
        response = connection.getresponse()
        status, body = response.status, response.read()
        # A job's page is where the upload redirects: keep it to follow the job.
        body += (response.getheader("Location") or "").encode()
    except (BrokenPipeError, ConnectionResetError) as error:
        # The server answered and closed before the whole body was sent: what we want.
        try:
            response = connection.getresponse()
            status, body = response.status, response.read()
        except Exception:
            status, body = f"closed ({type(error).__name__})", b""
    connection.close()
    return status, body, time.time() - started


def latencies(path, headers, count=40):
    times = []
    for _ in range(count):
        started = time.perf_counter()
        request("GET", path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def report(name, outcome, figures=""):
    print(f"| {name} | {outcome} | {figures} | {rss_mb()[0]} MB |", flush=True)


print("| attack | answer | figures | server RSS after |")
print("| --- | --- | --- | ---: |")
print(f"| server at rest | | | {rss_mb()[0]} MB |")

# 1. Scope across the reform: the old Xã Lương Hòa's officer asks the new commune's list.
_, old_commune = sign_in("xa.luonghoa")
leak = "/don-vi/28003/bao-cao/not-continuing.csv?nam=2024&ngay=01/08/2025"
status, _, body = request("GET", leak, headers={"Cookie": old_commune})
report("old Xã Lương Hòa → new commune's not-continuing.csv", status, f"{len(body)} bytes")
status, _, body = request(
    "GET", "/don-vi/28003/bao-cao/not-continuing.csv?nam=2024&ngay=01/06/2024",
    headers={"Cookie": old_commune},
)
lines = body.count(b"\n")
report("old Xã Lương Hòa → its own list (old tree)", status, f"{lines} lines")
status, _, body = request("POST", "/api/v1/auth/token", json.dumps(
    {"username": "so.gddt", "password": "demo-so.gddt"}), {"Content-Type": "application/json"})
old_province = json.loads(body)["token"]
status, _, _ = request("GET", "/api/v1/units/80/streaming?on=2025-08-01",
                       headers={"Authorization": f"Bearer {old_province}"})
report("old Long An province officer → new Tây Ninh streaming", status)

# 2. Uploads: a student posts 4 × 200 MB with a bogus CSRF token.
_, student = sign_in("hocsinh")
school = school_code(student) if b"/co-so/" in request("GET", "/", headers={"Cookie": student})[2] else "0"
_, school_cookie = sign_in(SCHOOL_ACCOUNT)
school = school_code(school_cookie)
before = rss_mb()
answers = []
threads = [
    threading.Thread(target=lambda: answers.append(multipart_upload(
        f"/co-so/{school}/nhap", student, "bogus", 200 << 20, b"x")))
    for _ in range(4)
]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
after = rss_mb()
report("student: 4 × 200 MB uploads, bogus CSRF", sorted(str(a[0]) for a in answers),
       f"RSS {before[0]} → {after[0]} MB, peak {after[1]} MB; {max(a[2] for a in answers):.1f} s")

# 3. A 50 MB CSV of tiny cells from the school's own account (valid CSRF, dry run).
csrf = csrf_of_page(f"/co-so/{school}/nhap", school_cookie)
status, body, seconds = multipart_upload(
    f"/co-so/{school}/nhap", school_cookie, csrf, 50 << 20, b"a,b,c,d,e,f,g,h\n")
job = re.search(rb"/nhap/([A-Za-z0-9]+)", body)
message = ""
if job:
    for _ in range(120):
        _, _, page = request("GET", f"/co-so/{school}/nhap/{job.group(1).decode()}",
                             headers={"Cookie": school_cookie})
        if b"http-equiv=\"refresh\"" not in page:
            message = re.sub(rb"<[^>]+>", b" ", page).decode(errors="replace")
            break
        time.sleep(1)
found = re.search(r"(tệp quá lớn: quá [\d.]+ ô dữ liệu)", message)
report("school: 50 MB CSV of tiny cells", status, (found.group(1) if found else message[:120]).strip()
       + f"; peak RSS {rss_mb()[1]} MB")

# 4. An ordinary request at rest, during three parallel uploads, during a token flood.
_, officer = sign_in("phong.benluc")
ordinary = ("/don-vi/803?ngay=01/06/2024", {"Cookie": officer})
at_rest = latencies(*ordinary)
flooding = []
uploads = [threading.Thread(target=lambda: flooding.append(multipart_upload(
    f"/co-so/{school}/nhap", school_cookie, csrf, 30 << 20, b"a,b,c,d,e,f,g,h\n")))
    for _ in range(3)]
for thread in uploads:
    thread.start()
time.sleep(0.5)
during_uploads = latencies(*ordinary)
for thread in uploads:
    thread.join()
stop = time.time() + 15
def tokens():
    while time.time() < stop:
        request("POST", "/api/v1/auth/token", json.dumps(
            {"username": "doanhnghiep", "password": "demo-doanhnghiep"}),
            {"Content-Type": "application/json"})
flood = [threading.Thread(target=tokens) for _ in range(8)]
for thread in flood:
    thread.start()
time.sleep(1)
during_tokens = latencies(*ordinary)
for thread in flood:
    thread.join()
report("p50 of a unit page: at rest / 3 uploads / token flood", "",
       f"{at_rest:.1f} ms / {during_uploads:.1f} ms / {during_tokens:.1f} ms")

# 5. A sign-in while the command line imports a large list into the same database.
big = os.environ.get("BIG_FILE")
if big:
    importing = subprocess.Popen(
        [BINARY, "--database", f"sqlite://{DB}", "import", "students", big,
         "--school", school, "--year", "2023"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    statuses = []
    while importing.poll() is None and len(statuses) < 20:
        started = time.perf_counter()
        status, _ = sign_in("ldtbxh.longan")
        statuses.append((status, (time.perf_counter() - started) * 1000))
        time.sleep(0.2)
    importing.wait()
    report("sign-ins during a CLI import of " + os.path.basename(big),
           sorted({s for s, _ in statuses}),
           f"{len(statuses)} sign-ins, slowest {max(t for _, t in statuses):.0f} ms" if statuses else "")

# 6. Throttling: 100 wrong passwords in parallel, then the right one.
results = []
def guess(password):
    status, _, _ = request("POST", "/api/v1/auth/token", json.dumps(
        {"username": "phuhuynh", "password": password}), {"Content-Type": "application/json"})
    results.append(status)
guesses = [threading.Thread(target=guess, args=(f"sai-{i}",)) for i in range(100)]
for thread in guesses:
    thread.start()
for thread in guesses:
    thread.join()
status, _, _ = request("POST", "/api/v1/auth/token", json.dumps(
    {"username": "phuhuynh", "password": "demo-phuhuynh"}), {"Content-Type": "application/json"})
counts = {s: results.count(s) for s in set(results)}
report("100 parallel wrong passwords, then the right one", status, f"guesses answered {counts}")

# 7. Smaller: redirects, caching, a form without CSRF, the audit flood.
for referer in ["http://127.0.0.1/\\evil.example/", "//evil.example/", "https://evil.example/"]:
    _, headers, _ = request("GET", "/ngon-ngu/en", headers={"Referer": referer})
    report(f"language switch, Referer {referer}", headers.get("location", headers.get("Location")))
_, headers, _ = request("GET", f"/co-so/{school}/tot-nghiep?nam=2024", headers={"Cookie": officer})
report("class list: Cache-Control", headers.get("cache-control", headers.get("Cache-Control")))
status, headers, body = request("POST", "/nguoi-dung", "username=x",
                                {"Cookie": officer, "Content-Type": "application/x-www-form-urlencoded"})
report("form without CSRF", status, headers.get("content-type", headers.get("Content-Type")))
rows_before = sqlite3.connect(DB).execute("select count(*) from audit_event").fetchone()[0]
started = time.time()
def forbidden():
    for _ in range(250):
        request("GET", "/don-vi/80", headers={"Cookie": student})
flood = [threading.Thread(target=forbidden) for _ in range(4)]
for thread in flood:
    thread.start()
for thread in flood:
    thread.join()
rows_after = sqlite3.connect(DB).execute("select count(*) from audit_event").fetchone()[0]
report("1,000 forbidden requests by a student", "",
       f"{rows_after - rows_before} audit rows in {time.time() - started:.1f} s")
print(f"| server at the end | | peak {rss_mb()[1]} MB | {rss_mb()[0]} MB |")
