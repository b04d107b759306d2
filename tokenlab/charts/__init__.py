"""Every plotly figure of the app: a frame (or dataclass) in, a figure out.

Charts fetch nothing: they never import the engine or its store, directly or through another
module, so each can be tested on a hand-made frame.

May import: metrics.languages, scaling, vocab, text, tokenlab.settings.
"""
