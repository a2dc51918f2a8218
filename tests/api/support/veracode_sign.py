#!/usr/bin/env python3
"""Prints a Veracode HMAC Authorization header for one request, computed as Veracode's
published Python signer (veracode_api_signing: veracode_hmac_auth.py, formatters.py,
utils.py) does, independently of the server's verifier:

    key_nonce = HMAC(unhex(api_key), unhex(nonce))
    key_date = HMAC(key_nonce, str(timestamp_ms))
    signature_key = HMAC(key_date, "vcode_request_version_1")
    sig = hex(HMAC(signature_key, "id={id}&host={host}&url={path?query}&method={METHOD}"))

Usage: veracode_sign.py API_ID API_KEY METHOD URL [--ts MS] [--nonce HEX]
"""
import argparse
import codecs
import hashlib
import hmac
import os
import time
import urllib.parse


def signature(api_key, nonce, timestamp, signing_data):
    key_nonce = hmac.new(codecs.decode(api_key, "hex_codec"), codecs.decode(nonce, "hex_codec"),
                         hashlib.sha256).digest()
    key_date = hmac.new(key_nonce, str(timestamp).encode(), hashlib.sha256).digest()
    signature_key = hmac.new(key_date, "vcode_request_version_1".encode(), hashlib.sha256).digest()
    return hmac.new(signature_key, signing_data.encode(), hashlib.sha256).hexdigest()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("api_id")
    p.add_argument("api_key")
    p.add_argument("method")
    p.add_argument("url")
    p.add_argument("--ts", type=int, default=int(round(time.time() * 1000)))
    p.add_argument("--nonce", default=os.urandom(16).hex())
    a = p.parse_args()
    parsed = urllib.parse.urlparse(a.url)
    path = parsed.path + ("?" + parsed.query if parsed.query else "")
    data = "id={}&host={}&url={}&method={}".format(a.api_id.lower(), parsed.hostname.lower(), path,
                                                   a.method.upper())
    sig = signature(a.api_key, a.nonce, a.ts, data)
    print("VERACODE-HMAC-SHA-256 id={},ts={},nonce={},sig={}".format(a.api_id, a.ts, a.nonce, sig))


if __name__ == "__main__":
    main()
