// Bootstrap of profile.html.
import { bootPage } from './page.js';
import { mountProfilePanel } from './profile.js';

bootPage({
  page: 'profile',
  titleKey: 'profile.documentTitle',
  mount: (main) => mountProfilePanel(main, { apiBase: '', headingLevel: 1 }),
});
