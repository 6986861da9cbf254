#!/usr/bin/env python3
"""A stand-in for a DSPy program, run by the Process component of token-stream.yaml.

Speaks JSON lines: one request per line on stdin, answer lines on stdout (flushed one by one), logs on
stderr. Python 3 standard library only, no network, deterministic: the same query always gives the same
tokens, so tests can check that every client receives exactly its own answer.

Request (seed 000's query message; the pipeline adds connection_id, which this script ignores):
    {"type": "query", "session_id": "...", "query": "What is the capital of France?", "stream": true}
Answer:
    {"type": "token", "session_id": "...", "token": "Paris", "index": 0}   one per token (stream: true, the default),
                                                                            or one with the whole text (stream: false)
    {"type": "end", "session_id": "...", "total_tokens": 10, "duration_ms": 152}
or  {"type": "error", "session_id": "...", "error": "...", "code": "empty_query"}

Triggers, to try the error paths:
    a query containing CRASH  prints two tokens, then the process exits with code 3 (the Process component
                              answers the client with code worker_exited and restarts the worker);
    an empty query            is answered with an error, code empty_query.

Environment: TOKEN_DELAY_MS (default 0) pauses before each token, to watch tokens arrive one by one.

To plug in a real model, keep the loop and replace answer_tokens() (e.g. with a DSPy module's streamed
output); keep printing one JSON object per line and flushing.
"""
import json
import os
import signal
import sys
import time

DELAY = int(os.environ.get("TOKEN_DELAY_MS", "0")) / 1000.0


def answer_tokens(query):
    """The deterministic 'model': a sentence about the query, one token per word (with its leading space)."""
    words = ("You asked: " + query.strip() + ". This answer comes from a deterministic stand-in model, one token at a time.").split(" ")
    return [words[0]] + [" " + w for w in words[1:]]


def emit(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def answer(request):
    session_id = request.get("session_id")
    query = request.get("query") or ""
    started = time.monotonic()
    if not query.strip():
        emit({"type": "error", "session_id": session_id, "error": "the query is empty: send a question in 'query'",
              "code": "empty_query"})
        return
    tokens = answer_tokens(query)
    total = len(tokens)
    if not request.get("stream", True):
        tokens = ["".join(tokens)]  # one token message with the whole text; total_tokens still counts tokens
    for index, token in enumerate(tokens):
        if DELAY:
            time.sleep(DELAY)
        emit({"type": "token", "session_id": session_id, "token": token, "index": index})
        if "CRASH" in query and index == 1:
            print("token_model: crashing on purpose (the query contains CRASH)", file=sys.stderr, flush=True)
            os._exit(3)
    duration_ms = int((time.monotonic() - started) * 1000)
    emit({"type": "end", "session_id": session_id, "total_tokens": total, "duration_ms": duration_ms})


def main():
    # Ctrl-C in a terminal reaches the workers too (same process group); the pipeline ends them by closing
    # stdin once queued requests are answered, so an interrupt must not cut an answer short.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("token_model: ready (pid %d)" % os.getpid(), file=sys.stderr, flush=True)
    for line in iter(sys.stdin.readline, ""):
        try:
            request = json.loads(line)
        except ValueError as e:
            emit({"type": "error", "error": "request is not JSON: %s" % e, "code": "bad_request"})
            continue
        try:
            answer(request)
        except Exception as e:  # a bug in the model answers this request with an error and keeps serving
            emit({"type": "error", "session_id": request.get("session_id"), "error": "model error: %r" % e,
                  "code": "python_error"})


if __name__ == "__main__":
    main()
