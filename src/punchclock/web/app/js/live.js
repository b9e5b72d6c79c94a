// Live updates over the WebSocket of /api/v1/ws; polling every few seconds when it cannot connect.
//
// Notes: the token goes in the first message, never in the URL. After any close we reconnect with
// back-off (1 s .. 30 s with jitter) and refetch once, since events may have been missed meanwhile.
// Until a socket says "ready", the visible data is polled instead, so changes still show up.

import { BASE, token } from "./api.js";

const POLL_MS = Number(localStorage.getItem("pc_poll_ms")) || 12000;

export function backoff(attempt, random = Math.random) {
  const base = Math.min(30000, 1000 * 2 ** attempt);
  return Math.round(base / 2 + (random() * base) / 2);
}

/** ``scope``: "own" (one's own changes) or "team" (managers and admins: also those of the people
 * they see, which the app uses for the Sign-off queue). */
export function connectLive({ onEvent, refetch, onResync, setConn, scope = "own" }) {
  let socket = null;
  let attempt = 0;
  let pollTimer = null;
  let retryTimer = null;
  let stopped = false;
  let lastSeen = 0;
  let heartbeat = 25000;
  // The server pings every heartbeat_seconds: a socket silent for two of them is dead (a laptop that
  // slept, a proxy that dropped it) even if the browser has not noticed; close it and reconnect.
  const watchdog = setInterval(() => {
    if (socket && lastSeen && Date.now() - lastSeen > 2 * heartbeat + 5000) socket.close();
  }, 5000);

  const poll = () => {
    clearInterval(pollTimer);
    pollTimer = setInterval(() => {
      if (document.visibilityState !== "hidden") refetch();
    }, POLL_MS);
  };

  const open = () => {
    if (stopped || !token()) return;
    const url = new URL("api/v1/ws", BASE);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    let ready = false;
    try {
      socket = new WebSocket(url.href);
    } catch {
      return retry();
    }
    const sent = token();
    socket.onopen = () => socket.send(JSON.stringify({ type: "auth", token: sent, scope }));
    socket.onmessage = (msg) => {
      let data;
      try {
        data = JSON.parse(msg.data);
      } catch {
        return;
      }
      lastSeen = Date.now();
      if (data.type === "ready") {
        ready = true;
        heartbeat = (data.heartbeat_seconds || 25) * 1000;
        if (attempt > 0) refetch();
        attempt = 0;
        clearInterval(pollTimer);
        setConn("live");
      } else if (data.type === "event") {
        onEvent(data);
      } else if (data.type === "resync") {
        // Events may have been missed, or what this user may see changed (a project made private).
        (onResync || refetch)();
      }
    };
    socket.onclose = (ev) => {
      socket = null;
      if (ready) refetch();
      // The token is refused: keep polling and retry rarely, unless a fresh one has come meanwhile
      // (a password change ends the old one and hands this browser another).
      if ((ev.code === 4401 || ev.code === 4403) && token() === sent) {
        attempt = 5;
      }
      setConn(navigator.onLine ? "polling" : "offline");
      poll();
      retry();
    };
  };

  const retry = () => {
    if (stopped) return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(open, backoff(attempt++));
  };

  setConn("polling");
  poll();
  open();
  return () => {
    stopped = true;
    clearInterval(pollTimer);
    clearInterval(watchdog);
    clearTimeout(retryTimer);
    if (socket) socket.close();
  };
}
