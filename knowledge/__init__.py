"""The domain of bhxh-bot: knowledge records, Vietnamese text, question matching and answers.

Nothing here imports `telegram`: the handlers turn these plain objects into messages.
"""
