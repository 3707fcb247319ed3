"""The demo set: fictional member organisations, their practices and demo accounts.

For development and tests only; `load_demo_content` refuses to run unless
settings.KB_DEMO_CONTENT is on. The texts live in JSON Lines files beside this module.
"""
