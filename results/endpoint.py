"""A minimal OpenAI-compatible chat endpoint on loopback, for the models modbench serves itself (the retrieval
baseline and local transformers models), so they go through exactly the same verifiers code path as a real
vLLM or OpenAI endpoint.

verifiers' harness always streams (`stream=True, stream_options={"include_usage": true}`), so the endpoint
emits the chunk sequence it expects: role delta, content delta, finish_reason, usage (no choices), [DONE].
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# (messages, sampling) -> completion text. `sampling` carries temperature/top_p/max_tokens/seed and `sample`,
# the 0-based index of this request among identical requests (how retrieval picks its n-th neighbour).
Generate = Callable[[list[dict], dict], str]


class ChatEndpoint:
    def __init__(self, generate: Generate, model_name: str):
        self.generate = generate
        self.model_name = model_name
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.requests = 0

    def _sample_index(self, messages: list[dict]) -> int:
        key = json.dumps(messages, sort_keys=True)
        with self._lock:
            n = self._counts.get(key, 0)
            self._counts[key] = n + 1
            self.requests += 1
            return n

    def start(self) -> str:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _json(self, code: int, obj: dict) -> None:
                body = json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path.rstrip("/").endswith("/models"):
                    self._json(200, {"object": "list", "data": [{"id": endpoint.model_name, "object": "model"}]})
                else:
                    self._json(404, {"error": {"message": "not found"}})

            def do_POST(self):
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._json(404, {"error": {"message": "not found"}})
                    return
                try:
                    req = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                    messages = req["messages"]
                    sampling = {k: req.get(k) for k in ("temperature", "top_p", "max_tokens", "seed")}
                    sampling["sample"] = endpoint._sample_index(messages)
                    text = endpoint.generate(messages, sampling)
                except Exception as exc:  # report as an API error, as a real server would
                    self._json(500, {"error": {"message": f"{type(exc).__name__}: {exc}"}})
                    return
                prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in messages)
                usage = {"prompt_tokens": prompt_tokens, "completion_tokens": len(text.split()),
                         "total_tokens": prompt_tokens + len(text.split())}
                cid, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
                base = {"id": cid, "created": created, "model": endpoint.model_name}
                if not req.get("stream"):
                    self._json(200, {**base, "object": "chat.completion", "usage": usage, "choices": [
                        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}]})
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = {**base, "object": "chat.completion.chunk"}
                events = [
                    {**chunk, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]},
                    {**chunk, "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]},
                    {**chunk, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
                ]
                if (req.get("stream_options") or {}).get("include_usage"):
                    events.append({**chunk, "choices": [], "usage": usage})
                for ev in events:
                    self.wfile.write(f"data: {json.dumps(ev)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True, name="modbench-endpoint").start()
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
