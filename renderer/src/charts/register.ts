/**
 * The chart.js pieces the lab uses, registered once. Registering
 * `registerables` would pull every controller and scale into the bundle;
 * a chart kind a later lab needs adds its pieces here.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';

let registered = false;

export function registerChartParts(): typeof Chart {
  if (!registered) {
    Chart.register(
      LineController,
      LineElement,
      PointElement,
      BarController,
      BarElement,
      LinearScale,
      LogarithmicScale,
      CategoryScale,
      Legend,
      Tooltip,
    );
    registered = true;
  }
  return Chart;
}
