// The dashboard: lit web components in light DOM over one store fed by GET /events.
import './clock';
import './jobs';
import './journal';
import './rules';
import './scenario';
import './vendors';
import './app';
