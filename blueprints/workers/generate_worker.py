#!/usr/bin/env python3
"""The 'generate' function of function-dispatch.yaml (seed 002), run by the Process component.

One request per line on stdin, answer lines on stdout. Python 3 standard library only, deterministic.

Request (what the client sent; the pipeline adds connection_id, ignored here):
    {"id": "req_1", "function": "generate", "params": {"prompt": "Hello", "max_tokens": 50, "stream": false}}
Answer:
    {"id": "req_1", "type": "token", "token": " world", "index": 0}      one per token, only when params.stream is true
    {"id": "req_1", "type": "result", "result": {"text": "...", "tokens_generated": 8, "finish_reason": "stop"}}
or  {"id": "req_1", "type": "error", "error": "...", "code": "invalid_params"}

A streamed prompt containing CRASH prints two tokens, then the process exits with code 3 (the Process
component answers the call with code worker_exited and restarts the worker), to try that error path.

Environment: TOKEN_DELAY_MS (default 0) pauses before each streamed token.
"""
import json
import os
import signal
import sys
import time

from token_model import answer_tokens

DELAY = int(os.environ.get("TOKEN_DELAY_MS", "0")) / 1000.0


def emit(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def generate(request):
    rid = request.get("id")
    params = request.get("params")
    if params is None:
        params = {}
    if not isinstance(params, dict):
        emit({"id": rid, "type": "error", "error": "params must be an object, was %s" % json.dumps(params),
              "code": "invalid_params"})
        return
    prompt = params.get("prompt")
    max_tokens = params.get("max_tokens", 50)
    if not isinstance(prompt, str) or not prompt.strip():
        emit({"id": rid, "type": "error", "error": "params.prompt must be a non-empty string", "code": "invalid_params"})
        return
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1:
        emit({"id": rid, "type": "error", "error": "params.max_tokens must be a positive integer, was %r" % (max_tokens,),
              "code": "invalid_params"})
        return
    stream = params.get("stream", False)
    if not isinstance(stream, bool):
        emit({"id": rid, "type": "error", "error": "params.stream must be true or false, was %s" % json.dumps(stream),
              "code": "invalid_params"})
        return
    tokens = answer_tokens(prompt)
    finish_reason = "length" if len(tokens) > max_tokens else "stop"
    tokens = tokens[:max_tokens]
    if stream:
        for index, token in enumerate(tokens):
            if DELAY:
                time.sleep(DELAY)
            emit({"id": rid, "type": "token", "token": token, "index": index})
            if "CRASH" in prompt and index == 1:
                print("generate_worker: crashing on purpose (the prompt contains CRASH)", file=sys.stderr, flush=True)
                os._exit(3)
    emit({"id": rid, "type": "result",
          "result": {"text": "".join(tokens), "tokens_generated": len(tokens), "finish_reason": finish_reason}})


def main():
    # Ctrl-C in a terminal reaches the workers too (same process group); the pipeline ends them by closing
    # stdin once queued requests are answered, so an interrupt must not cut an answer short.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("generate_worker: ready (pid %d)" % os.getpid(), file=sys.stderr, flush=True)
    for line in iter(sys.stdin.readline, ""):
        request = json.loads(line)
        try:
            generate(request)
        except Exception as e:  # answer, keep serving
            emit({"id": request.get("id"), "type": "error", "error": "generate failed: %r" % e, "code": "internal_error"})


if __name__ == "__main__":
    main()
