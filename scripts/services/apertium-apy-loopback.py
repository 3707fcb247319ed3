"""Runs Debian's Apertium APY listening on the address in APY_BIND_ADDRESS only.

Usage: APY_BIND_ADDRESS=127.0.0.1 apertium-apy-loopback.py [apertium-apy arguments]

APY 0.11 has no option for the listening address and binds every interface; this sets
the address Tornado binds to, then runs APY with its own command line unchanged.
"""

import functools
import os
import sys

from apertium_apy import apy
from tornado.tcpserver import TCPServer

TCPServer.bind = functools.partialmethod(TCPServer.bind, address=os.environ["APY_BIND_ADDRESS"])
sys.exit(apy.main())
