// Bootstrap of hr.html.
import { bootPage } from './page.js';
import { mountHrPage } from './hr.js';

bootPage({
  page: 'hr',
  titleKey: 'hr.documentTitle',
  mount: (main) => mountHrPage(main, { apiBase: '', headingLevel: 1 }),
});
