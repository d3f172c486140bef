#!/usr/bin/python3
"""Convert torchvision ResNet18 weights into a file `hdl train images --weights FILE` loads.

    scripts/convert_resnet18.py resnet18-f37072fd.pth resnet18.hdlw

INPUT is what torch.save wrote: a torchvision resnet18 state_dict (as downloaded from
download.pytorch.org), a checkpoint holding one under "state_dict" or "model", or a whole
pickled model. OUTPUT is a plain dict {name: float32 tensor} in torch.save's zip format,
which libtorch's C++ torch::pickle_load reads (an OrderedDict with _metadata, as
state_dict() returns, it cannot). Every name and shape is checked against torchvision's
resnet18 first, so a wrong file fails here with a clear message rather than in hdl.

Needs Debian's python3-torch (and python3-torchvision for the check): run with /usr/bin/python3.
"""
import argparse
import os
import sys
import tempfile

import torch


def resnet18_shapes():
    """Names and shapes of torchvision's resnet18 state_dict (1000-class head)."""
    try:
        import torchvision
    except ImportError:
        return None
    return {name: tuple(t.shape) for name, t in torchvision.models.resnet18().state_dict().items()}


def extract_state_dict(loaded):
    if isinstance(loaded, torch.nn.Module):
        return loaded.state_dict()
    if isinstance(loaded, dict):
        for key in ("state_dict", "model", "model_state_dict"):
            if key in loaded and isinstance(loaded[key], dict):
                return loaded[key]
        return loaded
    raise ValueError(f"expected a state_dict, a checkpoint dict or a model, found {type(loaded).__name__}")


def convert(state_dict, expected):
    converted = {}
    for name, tensor in state_dict.items():
        if not isinstance(tensor, torch.Tensor):
            continue
        name = name[len("module."):] if name.startswith("module.") else name  # saved from DataParallel
        if tensor.is_floating_point():
            tensor = tensor.float()
        converted[name] = tensor.detach().cpu().contiguous().clone()
    if expected is not None:
        for name, shape in expected.items():
            if name.startswith("fc."):
                continue  # the head is replaced for hdl's classes; any size is fine
            if name not in converted:
                if name.endswith("num_batches_tracked"):
                    continue
                raise ValueError(f"missing '{name}': not a torchvision resnet18 state_dict")
            if tuple(converted[name].shape) != shape:
                raise ValueError(f"'{name}' has shape {tuple(converted[name].shape)}, resnet18 has {shape}")
        unknown = sorted(set(converted) - set(expected))
        if unknown:
            raise ValueError(f"unexpected '{unknown[0]}' (and {len(unknown) - 1} more): not a resnet18")
    return converted


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="torchvision resnet18 weights (.pth)")
    parser.add_argument("output", help="file for hdl train images --weights")
    args = parser.parse_args()
    try:
        try:
            loaded = torch.load(args.input, map_location="cpu")
        except FileNotFoundError:
            raise ValueError("no such file")
        except Exception as error:
            raise ValueError(f"not a file written by torch.save ({str(error).splitlines()[0]})")
        converted = convert(extract_state_dict(loaded), resnet18_shapes())
    except Exception as error:  # one clear line, as hdl itself reports errors
        print(f"convert_resnet18: error: {args.input}: {error}", file=sys.stderr)
        return 1
    # Written next to the target and renamed, so a failure never leaves half a file.
    folder = os.path.dirname(os.path.abspath(args.output))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".convert-", suffix=".tmp")
    os.close(handle)
    try:
        torch.save(converted, temporary, _use_new_zipfile_serialization=True)
        os.replace(temporary, args.output)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    print(f"wrote {args.output}: {len(converted)} tensors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
