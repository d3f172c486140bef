#pragma once
// The tabular challenge: our own decision tree and random forest (regression, squared
// error), the data loader, model files, rules and pictures. One include for all of it.
#include "hdl/tabular/forest.hpp"
#include "hdl/tabular/model.hpp"
#include "hdl/tabular/report.hpp"
#include "hdl/tabular/table.hpp"
#include "hdl/tabular/tree.hpp"
