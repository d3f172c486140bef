#!/usr/bin/python3
"""Reference for the ResNet18 equivalence test: a randomly initialised torchvision resnet18
(no download), converted by scripts/convert_resnet18.py, and its logits for a fixed input.

    torchvision_reference.py CONVERT_SCRIPT OUTDIR

writes OUTDIR/state_dict.pth (what a user downloads), OUTDIR/resnet18.hdlw (converted, via
the script), and OUTDIR/reference.pt, a plain dict {"input", "logits"} that libtorch reads.
"""
import os
import subprocess
import sys

import torch
import torchvision

convert_script, out_dir = sys.argv[1], sys.argv[2]
torch.manual_seed(20240607)
model = torchvision.models.resnet18()  # random weights; 1000-class head
# Random BatchNorm statistics and affine parameters, so evaluation mode is really tested.
with torch.no_grad():
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
            module.weight.uniform_(0.5, 1.5)
            module.bias.uniform_(-0.2, 0.2)
model.eval()
state_path = os.path.join(out_dir, "state_dict.pth")
torch.save(model.state_dict(), state_path)  # an OrderedDict, as torchvision publishes them
subprocess.run([sys.executable, convert_script, state_path, os.path.join(out_dir, "resnet18.hdlw")], check=True)

inputs = torch.randn(3, 3, 64, 64)
with torch.no_grad():
    logits = model(inputs)
torch.save({"input": inputs, "logits": logits}, os.path.join(out_dir, "reference.pt"))
