# RewardLab's Python trainer: reward-model training, built-in model pretraining, ONNX export and scoring,
# driven by the TypeScript worker as a child process that speaks JSON lines (see protocol.py).
__version__ = "0.1.0"
