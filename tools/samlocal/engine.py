"""A private Docker engine for `sam local` on a machine with no registry access and loopback only.

- `DockerEngine`: Debian's dockerd with no bridge, no iptables, no forwarding (nothing it runs can reach
  beyond the host's loopback), its own data root, exec root and socket, started with a bounded wait and
  stopped at the end.
- `import_base_images`: the Lambda base images SAM builds its invoke image on
  (`public.ecr.aws/lambda/provided:al2023-x86_64`, `:al2-x86_64`), made with `docker import` from a tiny
  root filesystem, because none can be pulled. SAM's Dockerfile on top of it only needs `/bin/sh`, `mv`
  and `chmod` (`ADD aws-lambda-rie /var/rapid/`, `RUN mv … && chmod +x …`): busybox-static gives those.
  These are stand-ins, not Amazon Linux: they prove SAM's wiring, and the static bootstrap needs nothing
  from the image (Tests/deploy/test_bundle.py runs it in an empty chroot).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tarfile
import tempfile

from tools.local.waiting import WaitTimeout, stop_process_group, wait_until

BASE_IMAGE_REPOSITORY = "public.ecr.aws/lambda/provided"
BASE_IMAGE_TAGS = {"al2023-x86_64": "Amazon Linux 2023 (stand-in)", "al2-x86_64": "Amazon Linux 2 (stand-in)"}
BUSYBOX = "/bin/busybox"  # Debian's busybox-static: one static binary, no libraries needed in the image
BUSYBOX_COMMANDS = ["sh", "mv", "chmod", "cp", "rm", "mkdir", "ls", "cat", "env"]
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"  # Debian's; Amazon Linux keeps it at /etc/pki/tls/certs/ca-bundle.crt
DOCKERD_FLAGS = ["--bridge=none", "--iptables=false", "--ip-forward=false", "--ip-masq=false", "--ip6tables=false",
                 "--storage-driver=overlay2"]
START_TIMEOUT = 60.0


class DockerUnavailable(RuntimeError):
    """dockerd is missing or did not start: the reason, for a test's skip message."""


class DockerEngine:
    """dockerd with `data_root` for images (kept between runs) and a short-lived socket/exec folder under /tmp
    (unix socket paths are limited to 108 bytes, so not under a deep clone)."""

    def __init__(self, data_root: str, log_path: str):
        self.data_root = data_root
        self.log_path = log_path
        self.runtime_dir: str | None = None
        self.process: subprocess.Popen | None = None

    @property
    def pid_path(self) -> str:
        return self.data_root.rstrip("/") + ".pid"

    def _stop_stale_daemon(self) -> None:
        """A dockerd this class started on the same data root and never stopped (its run was killed) holds the
        root's locks, and a new one would hang: stop it, if the recorded pid still runs it."""
        try:
            with open(self.pid_path, encoding="utf-8") as handle:
                pid = int(handle.read().strip())
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read().split(b"\0")
        except (OSError, ValueError):
            return
        if not command[0].endswith(b"dockerd") or self.data_root.encode() not in command:
            return
        os.kill(pid, signal.SIGTERM)
        try:
            wait_until(lambda: not os.path.exists(f"/proc/{pid}"), timeout=30, what=f"the stale dockerd {pid} to exit")
        except WaitTimeout:
            os.kill(pid, signal.SIGKILL)

    @property
    def socket_path(self) -> str:
        assert self.runtime_dir is not None
        return os.path.join(self.runtime_dir, "docker.sock")

    @property
    def docker_host(self) -> str:
        return f"unix://{self.socket_path}"

    def start(self) -> "DockerEngine":
        dockerd = shutil.which("dockerd")
        if dockerd is None:
            raise DockerUnavailable("dockerd is not installed (Debian package docker.io; scripts/install-system-deps.sh)")
        if os.geteuid() != 0:
            raise DockerUnavailable("dockerd needs root here (no rootless setup)")
        os.makedirs(self.data_root, exist_ok=True)
        self._stop_stale_daemon()
        self.runtime_dir = tempfile.mkdtemp(prefix="sam-docker-")
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [dockerd, *DOCKERD_FLAGS, "--data-root", self.data_root, "--exec-root", os.path.join(self.runtime_dir, "exec"),
             "--pidfile", os.path.join(self.runtime_dir, "dockerd.pid"), "--host", self.docker_host],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        with open(self.pid_path, "w", encoding="utf-8") as handle:
            handle.write(str(self.process.pid))
        try:
            wait_until(lambda: self.process.poll() is not None or self._ping(), timeout=START_TIMEOUT, what="dockerd to answer /_ping")
        except WaitTimeout as error:
            self.stop()
            raise DockerUnavailable(f"{error}; its log: {self.log_tail()}") from None
        if self.process.poll() is not None:
            tail = self.log_tail()
            self.stop()
            raise DockerUnavailable(f"dockerd exited at start: {tail}")
        return self

    def _ping(self) -> bool:
        import docker  # SAM's own dependency, in .venv

        try:
            client = docker.DockerClient(base_url=self.docker_host, timeout=2)
            try:
                return bool(client.ping())
            finally:
                client.close()
        except Exception:  # noqa: BLE001 - not up yet
            return False

    def client(self):
        import docker

        return docker.DockerClient(base_url=self.docker_host, timeout=120)

    def log_tail(self, size: int = 2000) -> str:
        try:
            with open(self.log_path, "rb") as handle:
                return handle.read()[-size:].decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """Removes what this engine still runs, then stops dockerd (SIGTERM, bounded, then SIGKILL)."""
        if self.process is not None and self.process.poll() is None:
            try:
                client = self.client()
                for container in client.containers.list(all=True):
                    container.remove(force=True)
                client.close()
            except Exception:  # noqa: BLE001 - best effort before the daemon goes
                pass
            stop_process_group(self.process, signal.SIGTERM, timeout=30)
        if self.process is not None and os.path.exists(self.pid_path):
            os.unlink(self.pid_path)
        self.process = None
        if self.runtime_dir is not None:
            shutil.rmtree(self.runtime_dir, ignore_errors=True)
            self.runtime_dir = None

    def __enter__(self) -> "DockerEngine":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _add_file(archive: tarfile.TarFile, path: str, data: bytes, mode: int = 0o644) -> None:
    info = tarfile.TarInfo(path)
    info.size = len(data)
    info.mode = mode
    archive.addfile(info, io.BytesIO(data))


def _add_directory(archive: tarfile.TarFile, path: str, mode: int = 0o755) -> None:
    info = tarfile.TarInfo(path)
    info.type = tarfile.DIRTYPE
    info.mode = mode
    archive.addfile(info)


def root_filesystem(release: str) -> bytes:
    """The tar of a minimal Lambda-like root: busybox for the shell tools, the folders Lambda's images have."""
    if not os.path.exists(BUSYBOX):
        raise DockerUnavailable(f"{BUSYBOX} is missing (Debian package busybox-static)")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for folder in ["bin", "etc", "etc/pki", "etc/pki/tls", "etc/pki/tls/certs", "opt", "var", "var/task", "var/runtime", "var/rapid"]:
            _add_directory(archive, folder)
        _add_directory(archive, "tmp", 0o1777)
        with open(BUSYBOX, "rb") as handle:
            _add_file(archive, "bin/busybox", handle.read(), 0o755)
        for command in BUSYBOX_COMMANDS:
            link = tarfile.TarInfo(f"bin/{command}")
            link.type = tarfile.SYMTYPE
            link.linkname = "busybox"
            archive.addfile(link)
        _add_file(archive, "etc/passwd", b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n")
        _add_file(archive, "etc/group", b"root:x:0:\nnobody:x:65534:\n")
        _add_file(archive, "etc/os-release", f'NAME="{release}"\nID=lambda-standin\n'.encode())
        with open(CA_BUNDLE, "rb") as handle:
            _add_file(archive, "etc/pki/tls/certs/ca-bundle.crt", handle.read())
    return buffer.getvalue()


# What Lambda's provided images set (their Dockerfiles): the task and runtime folders, and the working folder.
IMAGE_CHANGES = ["ENV PATH=/usr/local/bin:/usr/bin:/bin:/opt/bin", "ENV LAMBDA_TASK_ROOT=/var/task",
                 "ENV LAMBDA_RUNTIME_DIR=/var/runtime", "WORKDIR /var/task"]


def import_base_images(engine: DockerEngine) -> list[str]:
    """Imports every base image that is not there yet; returns the image names."""
    import docker

    client = engine.client()
    names = []
    try:
        for tag, release in BASE_IMAGE_TAGS.items():
            name = f"{BASE_IMAGE_REPOSITORY}:{tag}"
            names.append(name)
            try:
                client.images.get(name)
                continue
            except docker.errors.ImageNotFound:
                pass
            client.api.import_image_from_data(root_filesystem(release), repository=BASE_IMAGE_REPOSITORY, tag=tag,
                                              changes=IMAGE_CHANGES)
            client.images.get(name)  # raises if the import did not produce it
    finally:
        client.close()
    return names

