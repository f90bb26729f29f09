"""The benchmark: Baton's real stack against Rasa's starter assistant (``make bench``)."""
