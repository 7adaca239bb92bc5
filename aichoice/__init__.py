"""aichoice: should a team adopt generative AI through chat, an API, or both?"""

__version__ = "0.1.0"
