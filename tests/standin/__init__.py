"""A Bot API stand-in on 127.0.0.1 for end-to-end tests through the real PTB HTTP stack."""
