"""Why a central store could not be reached, in words: which address, what happened, what to
check — never "[Errno 111] Connection refused". Used by the sync client (so the app, the CLI
and the status bar say the same) and by the first-start page's connect button."""

import errno
import socket
import ssl
from urllib.parse import urlsplit

import httpx

from ..core.i18n import t


def check_address(address: str) -> str:
    """The address cleaned up ("office:8765" → "http://office:8765"), or ValueError in words."""
    text = address.strip().rstrip("/")
    if not text:
        raise ValueError(t("请填写中心服务器地址，例如 http://192.168.1.10:8765",
                           "enter the central store's address, e.g. http://192.168.1.10:8765"))  # fmt: skip
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(t(f"“{address}”不是服务器地址：应形如 http://主机:端口",
                           f"{address!r} is not a server address: it should look like http://host:port"))  # fmt: skip
    try:
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError:
        raise ValueError(
            t(f"“{address}”的端口号不对。", f"the port in {address!r} is wrong")
        ) from None
    return text


def _root_cause(exc: BaseException) -> BaseException:
    seen = exc
    while (nxt := seen.__cause__ or seen.__context__) is not None:
        seen = nxt
    return seen


def unreachable(server: str, exc: BaseException) -> str:
    """A sentence for a failed connection to `server`: what happened and what to check."""
    parts = urlsplit(server)
    host = parts.hostname or server
    port = parts.port or (443 if parts.scheme == "https" else 80)
    cause = _root_cause(exc)
    code = getattr(cause, "errno", None)
    text = f"{exc} {cause}".lower()
    if isinstance(exc, httpx.TimeoutException) or isinstance(cause, TimeoutError):
        what = t(f"{server} 在规定时间内没有应答。", f"{server} did not answer in time.")
        check = t("请检查网络是否通畅、服务器是否过忙，稍后再试。",
                  "Check the network, and whether the server is overloaded; try again later.")  # fmt: skip
    elif code == errno.ECONNREFUSED or "refused" in text:
        what = t(f"{host} 的端口 {port} 上没有服务在运行（连接被拒绝）。",
                 f"nothing is listening on port {port} at {host} (connection refused).")  # fmt: skip
        check = t("请确认地址和端口无误，并且中心服务器（inspect-app server）已启动。",
                  "Check the address and port, and that the central store (inspect-app server) is running.")  # fmt: skip
    elif (
        isinstance(cause, socket.gaierror)
        or "name or service not known" in text
        or "nodename" in text
    ):
        what = t(f"找不到名为“{host}”的计算机。", f"no computer named {host!r} could be found.")
        check = t("请检查地址的拼写，或改用服务器的 IP 地址；确认本机已联网。",
                  "Check the spelling, or use the server's IP address; check this laptop is online.")  # fmt: skip
    elif code in (errno.ENETUNREACH, errno.EHOSTUNREACH) or "unreachable" in text:
        what = t(f"本机到 {host} 的网络不通。", f"there is no network route to {host}.")
        check = t("请确认本机已连上单位网络或 VPN。",
                  "Check this laptop is on the office network or VPN.")  # fmt: skip
    elif isinstance(cause, ssl.SSLError) or "ssl" in text or "certificate" in text:
        what = t(f"与 {server} 的加密连接未能建立（证书或协议不符）。",
                 f"a secure connection to {server} could not be set up (certificate or protocol).")  # fmt: skip
        check = t("请确认地址以 http:// 还是 https:// 开头，并向管理员核实服务器证书。",
                  "Check whether the address starts with http:// or https://, and ask the administrator about the certificate.")  # fmt: skip
    else:
        what = t(f"连接 {server} 失败。", f"the connection to {server} failed.")
        check = t("请检查地址、网络和服务器是否已启动。",
                  "Check the address, the network, and that the server is running.")  # fmt: skip
    return t(f"无法连接中心服务器：{what}{check}", f"cannot reach the server: {what} {check}")
