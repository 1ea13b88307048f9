/** Error pages and error answers of the API: the database-unavailable notice and the generic titles. */
import type { Bilingual } from './index';

const en = {
	'error.dbUnavailable.title': 'Database unavailable',
	'error.dbUnavailable': 'The database is unavailable right now. Please try again in a few moments.',
	'error.retry': 'Try again',
	'error.notFound.title': 'Page not found',
	'error.server.title': 'Something went wrong',
	'error.home': 'Back to the national map'
};

const es: Record<keyof typeof en, string> = {
	'error.dbUnavailable.title': 'Base de datos no disponible',
	'error.dbUnavailable': 'La base de datos no está disponible en este momento. Vuelva a intentarlo en unos momentos.',
	'error.retry': 'Intentar de nuevo',
	'error.notFound.title': 'Página no encontrada',
	'error.server.title': 'Algo salió mal',
	'error.home': 'Volver al mapa nacional'
};

export const errors: Bilingual<typeof en> = { en, es };
